using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Storage;
using TokenGovernor.Usage.Claude;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Ingest;

namespace TokenGovernor.Cli.Commands;

/// <summary>
/// <c>token-gov measure</c>: reads what Claude Code's and Codex's logs grew by since the last measure into the store,
/// and attributes each session to the task whose agent reported its session id.
/// </summary>
internal sealed class MeasureCommand : Command
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Option<string> _agent = new("--agent") { Description = "Whose logs: claude, codex or all (default)", DefaultValueFactory = _ => "all" };
    private readonly Option<string?> _pricing = new("--pricing") { Description = "Price file in LiteLLM's format (default: built in)" };
    private readonly Option<string> _stateDir = CommonOptions.StateDir();
    private readonly Option<string?> _store = CommonOptions.Store();
    private readonly Option<bool> _json = CommonOptions.Json();

    public MeasureCommand()
        : base("measure", "Read new agent log lines into the store (only what the logs grew by) and attribute them to tasks")
    {
        _agent.AcceptOnlyFromAmong("claude", "codex", "all");
        Options.Add(_agent);
        Options.Add(_pricing);
        Options.Add(_stateDir);
        Options.Add(_store);
        Options.Add(_json);
        SetAction(async (parse, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var json = parse.GetValue(_json);
            await using var store = await CommandContext.From(parse, _stateDir, _store).OpenStoreAsync(cancellationToken);
            var known = (await store.ListLogFilesAsync(cancellationToken)).ToDictionary(
                file => file.Path, file => (new Usage.Tail.TailPosition(file.Offset, file.Length, file.ModifiedTicks, file.HeadLength, file.HeadHash), file.ReaderState), StringComparer.Ordinal);
            var prices = parse.GetValue(_pricing) is { } path ? PriceTable.Load(path) : PriceTable.LoadDefault();
            var reader = new LogIngestReader(known, prices);
            var agent = parse.GetValue(_agent);
            if (agent != "codex")
            {
                reader.ReadClaude(ClaudeDataDirs.Find(Environment.GetEnvironmentVariable));
            }

            if (agent != "claude")
            {
                reader.ReadCodex(CodexDataDirs.Find(Environment.GetEnvironmentVariable));
            }

            var result = reader.Changed.Count == 0
                ? new LogIngestResult(0, 0, 0, 0)
                : await store.IngestLogAsync(
                    [.. reader.Changed.Select(file => new LogFileRecord(file.Path, file.Agent, file.Position.Offset, file.Position.Length, file.Position.ModifiedTicks, file.Position.HeadLength, file.Position.HeadHash, file.ReaderState))],
                    [.. reader.Calls.Select(call => new LogUsageRecord(call.Id, call.Agent, call.SessionId, DateTimeOffset.FromUnixTimeMilliseconds(call.TimestampMs), call.Model,
                        call.Input, call.Output, call.CacheCreation, call.CacheRead, call.Reasoning, (decimal)call.Cost))],
                    TimeProvider.System.GetUtcNow(), cancellationToken);
            var tasks = await store.SumLogUsageByTaskAsync(cancellationToken);
            var report = new MeasureReport(reader.FilesSeen, reader.Changed.Count, result.NewEvents, result.UpdatedEvents, result.Tokens, result.Attributed,
                clock.ElapsedMilliseconds, [.. tasks.Select(task => new MeasureTask(task.TaskId, task.AgentId, task.Events, task.Tokens, task.CostUsd))]);
            if (json)
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, JsonOptions));
            }
            else
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"measured {report.FilesSeen} log file(s), read {report.FilesRead} changed: {report.NewEvents} new call(s), {report.UpdatedEvents} grown, {report.Tokens:N0} tokens, {report.Attributed} attributed ({report.ElapsedMs} ms)"));
                foreach (var task in report.Tasks)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  task {task.TaskId}: {task.Events} call(s), {task.Tokens:N0} tokens, ${task.CostUsd:0.00}"));
                }
            }

            return 0;
        });
    }
}

/// <summary>What <c>measure</c> did: files looked at and read, calls added or grown, tokens added, and log usage per task so far.</summary>
internal sealed record MeasureReport(int FilesSeen, int FilesRead, long NewEvents, long UpdatedEvents, long Tokens, long Attributed, long ElapsedMs, IReadOnlyList<MeasureTask> Tasks);

internal sealed record MeasureTask(string TaskId, string? AgentId, long Events, long Tokens, decimal CostUsd);
