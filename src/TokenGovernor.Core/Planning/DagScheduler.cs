using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Planning;

/// <summary>
/// The dependency bookkeeping of a run, without processes or time: which tasks are ready, in what order
/// (lower priority number first, then file order — for every wave, not only the first), and which
/// tasks a failure makes impossible.
/// </summary>
public sealed class DagScheduler
{
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly SortedSet<Node> _ready = new(NodeOrder.Instance);

    /// <param name="tasks">The tasks to run, in file order.</param>
    /// <param name="satisfied">Ids of dependencies already met (for example, completed in an earlier run).</param>
    public DagScheduler(IReadOnlyList<TaskDefinition> tasks, IReadOnlySet<string>? satisfied = null)
    {
        for (var i = 0; i < tasks.Count; i++)
        {
            _nodes[tasks[i].Id] = new Node(tasks[i], i);
        }

        foreach (var node in _nodes.Values)
        {
            foreach (var dependency in node.Task.DependsOn.Distinct(StringComparer.Ordinal))
            {
                if (_nodes.TryGetValue(dependency, out var parent))
                {
                    node.Waiting++;
                    parent.Dependents.Add(node);
                }
                else if (satisfied?.Contains(dependency) != true)
                {
                    throw new ArgumentException($"task {node.Task.Id} depends on {dependency}, which is neither planned nor satisfied", nameof(tasks));
                }
            }

            if (node.Waiting == 0)
            {
                _ready.Add(node);
            }
        }
    }

    public int ReadyCount => _ready.Count;

    public bool IsFinished => _nodes.Values.All(node => node.Done);

    /// <summary>Takes the first ready task, in priority order, that <paramref name="canStart"/> accepts.</summary>
    public TaskDefinition? TryTake(Func<TaskDefinition, bool> canStart)
    {
        foreach (var node in _ready)
        {
            if (canStart(node.Task))
            {
                _ready.Remove(node);
                node.Started = true;
                return node.Task;
            }
        }

        return null;
    }

    public IEnumerable<TaskDefinition> Ready => _ready.Select(node => node.Task);

    /// <summary>Marks a task completed and releases its dependents.</summary>
    public void Complete(string id)
    {
        var node = _nodes[id];
        node.Done = true;
        foreach (var dependent in node.Dependents)
        {
            if (--dependent.Waiting == 0 && !dependent.Done)
            {
                _ready.Add(dependent);
            }
        }
    }

    /// <summary>Marks a task as not completed and returns every transitive dependent, now skipped.</summary>
    public IReadOnlyList<TaskDefinition> Fail(string id)
    {
        var skipped = new List<TaskDefinition>();
        var node = _nodes[id];
        node.Done = true;
        var queue = new Queue<Node>(node.Dependents);
        while (queue.Count > 0)
        {
            var dependent = queue.Dequeue();
            if (dependent.Done || dependent.Started)
            {
                continue;
            }

            dependent.Done = true;
            _ready.Remove(dependent);
            skipped.Add(dependent.Task);
            foreach (var next in dependent.Dependents)
            {
                queue.Enqueue(next);
            }
        }

        return skipped;
    }

    /// <summary>Ends every task that has not started (fail-fast, interrupt) and returns them.</summary>
    public IReadOnlyList<TaskDefinition> DrainUnstarted()
    {
        var drained = _nodes.Values.Where(node => !node.Started && !node.Done).OrderBy(node => node, NodeOrder.Instance).ToList();
        foreach (var node in drained)
        {
            node.Done = true;
        }

        _ready.Clear();
        return [.. drained.Select(node => node.Task)];
    }

    /// <summary>The order tasks would start in with unlimited workers finishing instantly: the dry-run plan.</summary>
    public static IReadOnlyList<TaskDefinition> Order(IReadOnlyList<TaskDefinition> tasks, IReadOnlySet<string>? satisfied = null)
    {
        var scheduler = new DagScheduler(tasks, satisfied);
        var order = new List<TaskDefinition>(tasks.Count);
        while (scheduler.TryTake(_ => true) is { } task)
        {
            order.Add(task);
            scheduler.Complete(task.Id);
        }

        return order;
    }

    private sealed class Node(TaskDefinition task, int order)
    {
        public TaskDefinition Task { get; } = task;

        public int Order { get; } = order;

        public int Waiting { get; set; }

        public bool Started { get; set; }

        public bool Done { get; set; }

        public List<Node> Dependents { get; } = [];
    }

    private sealed class NodeOrder : IComparer<Node>
    {
        public static readonly NodeOrder Instance = new();

        public int Compare(Node? x, Node? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            var byPriority = x!.Task.Priority.CompareTo(y!.Task.Priority);
            return byPriority != 0 ? byPriority : x.Order.CompareTo(y.Order);
        }
    }
}
