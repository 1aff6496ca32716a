using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text;
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
            // A price file the user names is read (and checked) up front; the built-in table only once a call is to be costed.
            var prices = parse.GetValue(_pricing) is { } path ? PriceTable.Load(path) : null;
            var context = CommandContext.From(parse, _stateDir, _store);
            var agent = parse.GetValue(_agent);
            var claudeDirs = agent != "codex" ? ClaudeDataDirs.Find(Environment.GetEnvironmentVariable) : [];
            var codexDirs = agent != "claude" ? CodexDataDirs.Find(Environment.GetEnvironmentVariable) : [];
            var snapshot = SqliteGovernorStore.TryReadLogIngestionSnapshot(context.StorePath);
            timing.Step(snapshot is null ? "no log index read (store missing or not current)" : "log index read");
            var trees = LogTrees.Scan(claudeDirs, codexDirs, [.. (snapshot?.Index ?? []).Select(tree => new LogTreeBlob(tree.Agent, tree.Root, tree.Entries))], TimeProvider.System.GetUtcNow());
            timing.Step("log folders checked");
            Func<PriceTable> pricesWhenNeeded = () => prices ?? PriceTable.LoadDefault();
            MeasureReport report;
            if (snapshot is { AttributionPending: false } && trees.Unchanged)
            {
                // Nothing to read, attribute or save: the store is not opened at all.
                report = new MeasureReport(trees.FilesSeen, 0, 0, 0, 0, 0, clock.ElapsedMilliseconds, [.. snapshot.Tasks.Select(Row)]);
            }
            else
            {
                report = await IngestAsync(context, snapshot, trees, pricesWhenNeeded, clock, timing, cancellationToken);
            }

            await Console.Out.WriteAsync(parse.GetValue(_json) ? Json(report) : Text(report));
            timing.Step("printed");
            return 0;
        });
    }

    private static async Task<MeasureReport> IngestAsync(
        CommandContext context, LogIngestionSnapshot? snapshot, LogTrees trees, Func<PriceTable> prices, Stopwatch clock, StepTimes timing, CancellationToken cancellationToken)
    {
        await using var store = await context.OpenStoreAsync(cancellationToken);
        timing.Step("store opened");
        var toRead = trees.PathsToRead;
        var positions = !trees.AllIndexed || toRead.Count > PointLookups ? await store.ListLogFilesAsync(cancellationToken) : await store.FindLogFilesAsync(toRead, cancellationToken);
        var reader = new LogIngestReader(
            positions.ToDictionary(file => file.Path, file => (new TailPosition(file.Offset, file.Length, file.ModifiedTicks, file.HeadLength, file.HeadHash), file.ReaderState), StringComparer.Ordinal),
            prices);
        trees.Read(reader);
        var index = trees.Index(reader);
        timing.Step(string.Create(CultureInfo.InvariantCulture, $"{reader.Changed.Count} changed file(s) read"));
        // Ingesting nothing still attributes calls to sessions agents reported since the last measure.
        var result = reader.Changed.Count == 0 && index.Count == 0 && snapshot is { AttributionPending: false }
            ? new LogIngestResult(0, 0, 0, 0)
            : await store.IngestLogAsync(
                [.. reader.Changed.Select(file => new LogFileRecord(file.Path, file.Agent, file.Position.Offset, file.Position.Length, file.Position.ModifiedTicks, file.Position.HeadLength, file.Position.HeadHash, file.ReaderState))],
                [.. reader.Calls.Select(call => new LogUsageRecord(call.Id, call.Agent, call.SessionId, DateTimeOffset.FromUnixTimeMilliseconds(call.TimestampMs), call.Model,
                    call.Input, call.Output, call.CacheCreation, call.CacheRead, call.Reasoning, (decimal)call.Cost))],
                [.. index.Select(tree => new LogIndexRecord(tree.Agent, tree.Root, tree.Entries))],
                TimeProvider.System.GetUtcNow(), cancellationToken);
        var tasks = await store.SumLogUsageByTaskAsync(cancellationToken);
        timing.Step("stored");
        return new MeasureReport(reader.FilesSeen, reader.Changed.Count, result.NewEvents, result.UpdatedEvents, result.Tokens, result.Attributed,
            clock.ElapsedMilliseconds, [.. tasks.Select(Row)]);
    }

    private static MeasureTask Row(LogTaskUsage task) => new(task.TaskId, task.AgentId, task.Events, task.Tokens, task.CostUsd);

    private static string Text(MeasureReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"measured {report.FilesSeen} log file(s), read {report.FilesRead} changed: {report.NewEvents} new call(s), {report.UpdatedEvents} grown, {report.Tokens:N0} tokens, {report.Attributed} attributed ({report.ElapsedMs} ms)");
        foreach (var task in report.Tasks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  task {task.TaskId}: {task.Events} call(s), {task.Tokens:N0} tokens, ${task.CostUsd:0.00}");
        }

        return text.ToString();
    }

    /// <summary>
    /// The report as indented JSON with camelCase names, as <see cref="JsonSerializer"/> writes it. When every string is plain
    /// (nothing the JSON encoder would escape) it is written as text, which spares loading the encoder at start-up.
    /// </summary>
    private static string Json(MeasureReport report)
    {
        if (report.Tasks.All(task => Plain(task.TaskId) && (task.AgentId is null || Plain(task.AgentId))))
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{{\n  \"filesSeen\": {report.FilesSeen},\n  \"filesRead\": {report.FilesRead},\n  \"newEvents\": {report.NewEvents},\n");
            text.Append(CultureInfo.InvariantCulture, $"  \"updatedEvents\": {report.UpdatedEvents},\n  \"tokens\": {report.Tokens},\n  \"attributed\": {report.Attributed},\n");
            text.Append(CultureInfo.InvariantCulture, $"  \"elapsedMs\": {report.ElapsedMs},\n  \"tasks\": [");
            for (var i = 0; i < report.Tasks.Count; i++)
            {
                var task = report.Tasks[i];
                var agentId = task.AgentId is null ? "null" : $"\"{task.AgentId}\"";
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}\n    {{\n      \"taskId\": \"{task.TaskId}\",\n      \"agentId\": {agentId},\n");
                text.Append(CultureInfo.InvariantCulture, $"      \"events\": {task.Events},\n      \"tokens\": {task.Tokens},\n      \"costUsd\": {task.CostUsd}\n    }}");
            }

            text.Append(report.Tasks.Count == 0 ? "]\n}" : "\n  ]\n}").AppendLine();
            return text.ToString();
        }

        return Serialized(report);
    }

    /// <summary>Letters, digits and <c>-_.:/@ </c> only: what the JSON encoder writes unchanged.</summary>
    private static bool Plain(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '@' or ' ');

    private static string Serialized(MeasureReport report)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("filesSeen", report.FilesSeen);
            json.WriteNumber("filesRead", report.FilesRead);
            json.WriteNumber("newEvents", report.NewEvents);
            json.WriteNumber("updatedEvents", report.UpdatedEvents);
            json.WriteNumber("tokens", report.Tokens);
            json.WriteNumber("attributed", report.Attributed);
            json.WriteNumber("elapsedMs", report.ElapsedMs);
            json.WriteStartArray("tasks");
            foreach (var task in report.Tasks)
            {
                json.WriteStartObject();
                json.WriteString("taskId", task.TaskId);
                json.WriteString("agentId", task.AgentId);
                json.WriteNumber("events", task.Events);
                json.WriteNumber("tokens", task.Tokens);
                json.WriteNumber("costUsd", task.CostUsd);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + Environment.NewLine;
    }
}

/// <summary>What <c>measure</c> did: files looked at and read, calls added or grown, tokens added, and log usage per task so far.</summary>
internal sealed record MeasureReport(int FilesSeen, int FilesRead, long NewEvents, long UpdatedEvents, long Tokens, long Attributed, long ElapsedMs, IReadOnlyList<MeasureTask> Tasks);

internal sealed record MeasureTask(string TaskId, string? AgentId, long Events, long Tokens, decimal CostUsd);

/// <summary>
/// With <c>TOKEN_GOV_TIMING=1</c>, how long each step of <c>measure</c> took on standard error: wall time, and the
/// process's CPU time (all threads), which a busy machine does not inflate.
/// </summary>
internal sealed class StepTimes(Stopwatch clock, bool enabled)
{
    private readonly bool _enabled = enabled;
    private TimeSpan _last;
    private TimeSpan _lastCpu;

    public static StepTimes FromEnvironment(Stopwatch clock)
    {
        var times = new StepTimes(clock, Environment.GetEnvironmentVariable("TOKEN_GOV_TIMING") is "1" or "true");
        if (times._enabled)
        {
            using var process = Process.GetCurrentProcess();
            times._lastCpu = process.TotalProcessorTime;
            Write(DateTime.Now - process.StartTime, times._lastCpu, "process start-up and command-line parsing");
        }

        return times;
    }

    public void Step(string what)
    {
        if (!_enabled)
        {
            return;
        }

        using var process = Process.GetCurrentProcess();
        var now = clock.Elapsed;
        var cpu = process.TotalProcessorTime;
        Write(now - _last, cpu - _lastCpu, what);
        (_last, _lastCpu) = (now, cpu);
    }

    private static void Write(TimeSpan wall, TimeSpan cpu, string what) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {wall.TotalMilliseconds,7:0.0} ms wall {cpu.TotalMilliseconds,7:0.0} ms CPU  {what}"));
}
