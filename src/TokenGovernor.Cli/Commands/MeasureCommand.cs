using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Storage;
using TokenGovernor.Usage.Claude;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Ingest;
using TokenGovernor.Usage.Tail;

namespace TokenGovernor.Cli.Commands;

/// <summary>
/// <c>token-gov measure</c>: reads what Claude Code's and Codex's logs grew by since the last measure into the store,
/// and attributes each session to the task whose agent reported its session id.
/// </summary>
internal sealed class MeasureCommand : Command
{
    // Up to this many changed files, their positions are looked up one by one; more, and all positions are read at once.
    private const int PointLookups = 1000;

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
            var timing = StepTimes.FromEnvironment(clock);
            var json = parse.GetValue(_json);
            // A price file the user names is read (and checked) up front; the built-in table only once a call is to be costed.
            var prices = parse.GetValue(_pricing) is { } path ? PriceTable.Load(path) : null;
            await using var store = await CommandContext.From(parse, _stateDir, _store).OpenStoreAsync(cancellationToken);
            timing.Step("store opened");
            var agent = parse.GetValue(_agent);
            var claudeDirs = agent != "codex" ? ClaudeDataDirs.Find(Environment.GetEnvironmentVariable) : [];
            var codexDirs = agent != "claude" ? CodexDataDirs.Find(Environment.GetEnvironmentVariable) : [];
            var saved = await store.ListLogIndexAsync(cancellationToken);
            timing.Step("log index read");
            var trees = LogTrees.Scan(claudeDirs, codexDirs, [.. saved.Select(tree => new LogTreeBlob(tree.Agent, tree.Root, tree.Entries))], TimeProvider.System.GetUtcNow());
            timing.Step("log folders checked");
            var toRead = trees.PathsToRead;
            var positions = !trees.AllIndexed || toRead.Count > PointLookups ? await store.ListLogFilesAsync(cancellationToken) : await store.FindLogFilesAsync(toRead, cancellationToken);
            var reader = new LogIngestReader(
                positions.ToDictionary(file => file.Path, file => (new TailPosition(file.Offset, file.Length, file.ModifiedTicks, file.HeadLength, file.HeadHash), file.ReaderState), StringComparer.Ordinal),
                () => prices ?? PriceTable.LoadDefault());
            trees.Read(reader);
            var index = trees.Index(reader);
            timing.Step($"{reader.Changed.Count} changed file(s) read");
            var result = reader.Changed.Count == 0 && index.Count == 0
                ? new LogIngestResult(0, 0, 0, 0)
                : await store.IngestLogAsync(
                    [.. reader.Changed.Select(file => new LogFileRecord(file.Path, file.Agent, file.Position.Offset, file.Position.Length, file.Position.ModifiedTicks, file.Position.HeadLength, file.Position.HeadHash, file.ReaderState))],
                    [.. reader.Calls.Select(call => new LogUsageRecord(call.Id, call.Agent, call.SessionId, DateTimeOffset.FromUnixTimeMilliseconds(call.TimestampMs), call.Model,
                        call.Input, call.Output, call.CacheCreation, call.CacheRead, call.Reasoning, (decimal)call.Cost))],
                    [.. index.Select(tree => new LogIndexRecord(tree.Agent, tree.Root, tree.Entries))],
                    TimeProvider.System.GetUtcNow(), cancellationToken);
            var tasks = await store.SumLogUsageByTaskAsync(cancellationToken);
            timing.Step("stored");
            var report = new MeasureReport(reader.FilesSeen, reader.Changed.Count, result.NewEvents, result.UpdatedEvents, result.Tokens, result.Attributed,
                clock.ElapsedMilliseconds, [.. tasks.Select(task => new MeasureTask(task.TaskId, task.AgentId, task.Events, task.Tokens, task.CostUsd))]);
            if (json)
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, MeasureJson.Default.MeasureReport));
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

            timing.Step("printed");
            return 0;
        });
    }
}

/// <summary>What <c>measure</c> did: files looked at and read, calls added or grown, tokens added, and log usage per task so far.</summary>
internal sealed record MeasureReport(int FilesSeen, int FilesRead, long NewEvents, long UpdatedEvents, long Tokens, long Attributed, long ElapsedMs, IReadOnlyList<MeasureTask> Tasks);

internal sealed record MeasureTask(string TaskId, string? AgentId, long Events, long Tokens, decimal CostUsd);

/// <summary><c>measure --json</c>'s shape, generated at build time: no reflection over the report when the command starts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(MeasureReport))]
internal sealed partial class MeasureJson : JsonSerializerContext;

/// <summary>With <c>TOKEN_GOV_TIMING=1</c>, how long each step of <c>measure</c> took, on standard error.</summary>
internal sealed class StepTimes(Stopwatch clock, bool enabled)
{
    private readonly bool _enabled = enabled;
    private TimeSpan _last;

    public static StepTimes FromEnvironment(Stopwatch clock)
    {
        var times = new StepTimes(clock, Environment.GetEnvironmentVariable("TOKEN_GOV_TIMING") is "1" or "true");
        if (times._enabled)
        {
            var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {sinceStart.TotalMilliseconds,7:0.0} ms  process start-up and command-line parsing"));
        }

        return times;
    }

    public void Step(string what)
    {
        if (!_enabled)
        {
            return;
        }

        var now = clock.Elapsed;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {(now - _last).TotalMilliseconds,7:0.0} ms  {what}"));
        _last = now;
    }
}
