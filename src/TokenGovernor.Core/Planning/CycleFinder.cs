using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Planning;

/// <summary>Finds dependency cycles, one printable cycle per strongly connected group of tasks.</summary>
public static class CycleFinder
{
    /// <summary>Each cycle lists tasks in depends_on order: the first depends on the second, …, the last on the first.</summary>
    public static IReadOnlyList<IReadOnlyList<TaskDefinition>> Find(IReadOnlyList<TaskDefinition> tasks)
    {
        var byId = new Dictionary<string, TaskDefinition>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            byId.TryAdd(task.Id, task);
        }

        // Iterative three-colour DFS: recursion would overflow on long dependency chains.
        var colour = new Dictionary<string, int>(StringComparer.Ordinal);
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<TaskDefinition>>();
        foreach (var root in tasks)
        {
            if (colour.ContainsKey(root.Id))
            {
                continue;
            }

            var path = new List<TaskDefinition>();
            var stack = new Stack<(TaskDefinition Task, int Next)>();
            stack.Push((root, 0));
            colour[root.Id] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                var (task, next) = stack.Pop();
                if (next < task.DependsOn.Count)
                {
                    stack.Push((task, next + 1));
                    if (!byId.TryGetValue(task.DependsOn[next], out var dependency))
                    {
                        continue;
                    }

                    var state = colour.GetValueOrDefault(dependency.Id);
                    if (state == 0)
                    {
                        colour[dependency.Id] = 1;
                        path.Add(dependency);
                        stack.Push((dependency, 0));
                    }
                    else if (state == 1 && !inCycle.Contains(dependency.Id))
                    {
                        var start = path.FindIndex(item => item.Id == dependency.Id);
                        var cycle = path.GetRange(start, path.Count - start);
                        cycles.Add(cycle);
                        inCycle.UnionWith(cycle.Select(item => item.Id));
                    }
                }
                else
                {
                    colour[task.Id] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return cycles;
    }
}
