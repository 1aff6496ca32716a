using System.CommandLine;
using System.Text.Json;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Cli.Output;
using TokenGovernor.Core;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov status</c>: a run's state, live while it runs (from the store), or from a copied report.json.</summary>
internal sealed class StatusCommand : Command
{
    private readonly Option<string?> _runDir = CommonOptions.RunDir();
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<string> _stateDir = CommonOptions.StateDir();
    private readonly Option<string?> _store = CommonOptions.Store();

    public StatusCommand()
        : base("status", "Show a run's tasks and totals (the latest run by default)")
    {
        foreach (var option in new Option[] { _runDir, _json, _stateDir, _store })
        {
            Options.Add(option);
        }

        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var context = CommandContext.From(parse, _stateDir, _store);
        var runDir = parse.GetValue(_runDir);
        var report = await LoadAsync(context, runDir, cancellationToken)
            ?? throw new TokenGovException($"{runDir}: no such run in {context.StorePath} and no {ReportWriter.JsonFileName} there");
        if (parse.GetValue(_json))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, ReportJson.Options));
        }
        else
        {
            SummaryPrinter.Print(Console.Out, report);
        }

        return 0;
    }

    private static async Task<RunReport?> LoadAsync(CommandContext context, string? runDir, CancellationToken cancellationToken)
    {
        if (File.Exists(context.StorePath) || runDir is null)
        {
            await using var store = await context.OpenStoreAsync(cancellationToken);
            if (await RunLookup.FindAsync(store, runDir, cancellationToken) is { } run)
            {
                var report = await ReportBuilder.BuildAsync(store, run, DateTimeOffset.UtcNow, cancellationToken);
                return await AbandonedAsync(store, report, cancellationToken) ?? report;
            }
        }

        return runDir is null ? null : ReportWriter.Read(Path.GetFullPath(runDir));
    }

    /// <summary>
    /// A run still "running" in the store whose process is gone was killed outright (SIGKILL, power loss): it is
    /// shown as interrupted, with its tasks as last recorded.
    /// </summary>
    private static async Task<RunReport?> AbandonedAsync(IGovernorStore store, RunReport report, CancellationToken cancellationToken)
    {
        if (report.State != RunStates.Running || await store.GetRunOwnerAsync(report.RunId, cancellationToken) is not { } owner
            || !new ProcessOwner(owner.Pid, owner.StartTicks, owner.Host).IsGone)
        {
            return null;
        }

        await Console.Error.WriteLineAsync($"run {report.RunId} was left running by token-gov process {owner.Pid}, which is gone; showing it as interrupted, with its tasks as last recorded");
        return report with { State = RunStates.Interrupted };
    }
}
