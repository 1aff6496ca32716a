using TokenGovernor.Engine.Reports;

namespace TokenGovernor.Cli.Output;

/// <summary>The end-of-run summary: one line per task worth a look, then the totals.</summary>
internal static class SummaryPrinter
{
    /// <summary>Above this many tasks only those that did not complete are listed.</summary>
    private const int ListAllUpTo = 50;

    public static void Print(TextWriter writer, RunReport report)
    {
        var listed = report.Tasks.Count <= ListAllUpTo ? report.Tasks : [.. report.Tasks.Where(task => task.State != "completed")];
        foreach (var task in listed)
        {
            writer.WriteLine(TaskLine(task));
        }

        if (listed.Count < report.Tasks.Count)
        {
            writer.WriteLine($"({report.Tasks.Count - listed.Count} completed tasks not listed; see the report)");
        }

        var summary = report.Summary;
        writer.WriteLine("--- Summary ---");
        writer.WriteLine($"Total: {summary.Total} Completed: {summary.Completed} Failed: {summary.Failed} Skipped: {summary.Skipped} " +
            $"Cancelled: {summary.Cancelled} Rate-limited: {summary.RateLimited} Paused: {summary.Paused} Duration: {Formatting.Duration(report.DurationMs)}");
        var tokens = report.Tokens;
        writer.WriteLine($"Tokens: {Formatting.Tokens(tokens.Input)} tokens in / {Formatting.Tokens(tokens.Output)} tokens out ({Formatting.Tokens(tokens.Total)} tokens total) Cost: ${report.CostUsd:0.00##}");
        writer.WriteLine($"Run: {report.RunId} ({report.State}) Report: {Path.Combine(report.RunDirectory, ReportWriter.JsonFileName)}");
    }

    public static string TaskLine(ReportTask task)
    {
        var state = task.State.ToUpperInvariant();
        // A task the cascade moved on shows the runner that took it last and the runners it went through.
        var runner = task.Runner is null ? "" : task.Tried is null ? $" [{task.Runner}]" : task.State == "completed" ? $" [via {task.Runner}] tried {task.Tried}" : $" [{task.Runner}] tried {task.Tried}";
        var reason = task.Reason is null ? "" : $" — {task.Reason}";
        return $"{Formatting.Mark(task.State)} {state,-12} {task.Id} {task.Title} {Formatting.Duration(task.DurationMs)}{runner}{reason}";
    }
}
