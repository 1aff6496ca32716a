using System.Globalization;
using System.Text;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Planning;

/// <summary>Prints the execution plan the way <c>run --dry-run</c> shows it.</summary>
public static class PlanPrinter
{
    public static string Print(IReadOnlyList<TaskDefinition> order, int workers, Func<TaskDefinition, string> runnerOf)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"token-gov — {order.Count} {(order.Count == 1 ? "task" : "tasks")}, {workers} {(workers == 1 ? "worker" : "workers")}\n");
        text.Append("Execution plan (dry-run):\n");
        for (var i = 0; i < order.Count; i++)
        {
            var task = order[i];
            var after = task.DependsOn.Count == 0 ? "" : $" (after {string.Join(", ", task.DependsOn)})";
            text.Append(invariant, $"{i + 1}. [P{task.Priority}] {task.Id} — {task.Title}{after}\n");
            if (task.Difficulty is not null || task.Score is not null)
            {
                var score = task.Score is { } value ? $" (score: {value.ToString(invariant)})" : "";
                text.Append(invariant, $"   difficulty: {task.Difficulty ?? "unscored"}{score}\n");
            }

            text.Append(invariant, $"   repo: {task.Repo}\n");
            text.Append(invariant, $"   runner: {runnerOf(task)}{(task.Fallbacks is { Count: > 0 } fallbacks ? $" → {string.Join(" → ", fallbacks)}" : "")}\n");
            if (task.Budget is { } budget)
            {
                text.Append(invariant, $"   budget: {BudgetReader.Format(budget)}\n");
            }

            text.Append(invariant, $"   prompt: {Shorten(task.Prompt, 80)}\n");
        }

        return text.ToString();
    }

    private static string Shorten(string prompt, int length)
    {
        var oneLine = prompt.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= length ? oneLine : string.Concat(oneLine.AsSpan(0, length), "...");
    }
}
