using System.CommandLine;
using System.Globalization;
using TokenGovernor.Core;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Usage;
using TokenGovernor.Usage.Claude;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary>The options every <c>token-gov usage</c> report takes (ccusage's names), and reading the logs they select.</summary>
internal sealed class UsageOptions
{
    public Option<string?> Since { get; } = new("--since", "-s") { Description = "First day to include (YYYYMMDD)" };

    public Option<string?> Until { get; } = new("--until", "-u") { Description = "Last day to include (YYYYMMDD)" };

    public Option<string?> Timezone { get; } = new("--timezone", "-z") { Description = "IANA time zone for grouping by day (default: this machine's)" };

    public Option<string?> Order { get; } = new("--order", "-o") { Description = "asc (oldest first, the default) or desc" };

    public Option<bool> Breakdown { get; } = new("--breakdown", "-b") { Description = "Show each model's share under every row" };

    public Option<string?> Project { get; } = new("--project", "-p") { Description = "Only this project (the folder under projects/)" };

    public Option<string> Mode { get; } = new("--mode", "-m") { Description = "Cost: auto (logged costUSD, else calculated), calculate or display", DefaultValueFactory = _ => "auto" };

    public Option<bool> Offline { get; } = new("--offline", "-O") { Description = "Use the built-in price table (token-gov never fetches prices; accepted for ccusage compatibility)" };

    public Option<string?> Pricing { get; } = new("--pricing") { Description = "Price file in LiteLLM's model_prices_and_context_window.json format (default: built in)" };

    public Option<string> Agent { get; } = new("--agent") { Description = "Whose logs: claude (default), codex, or all (both, merged per period)", DefaultValueFactory = _ => "claude" };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Name each log line that did not count, with its file and line" };

    public Option<bool> Json { get; } = new("--json", "-j") { Description = "Print ccusage-compatible JSON" };

    public UsageOptions()
    {
        Mode.AcceptOnlyFromAmong("auto", "calculate", "display");
        Order.AcceptOnlyFromAmong("asc", "desc");
        Agent.AcceptOnlyFromAmong("claude", "codex", "all");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Since, Until, Timezone, Order, Breakdown, Project, Mode, Offline, Pricing, Agent, Verbose, Json })
        {
            command.Options.Add(option);
        }
    }

    public ReportOptions Report(ParseResult parse) => new()
    {
        Since = Day(parse.GetValue(Since), "--since"),
        Until = Day(parse.GetValue(Until), "--until"),
        Zone = DayKeys.ParseZone(parse.GetValue(Timezone)),
        Descending = parse.GetValue(Order) == "desc",
        OrderGiven = parse.GetValue(Order) is not null,
        Project = parse.GetValue(Project),
    };

    /// <summary>Reads the logs once (for path-order reports unless told otherwise); prints how many lines did not count (and, with --verbose, which) to stderr.</summary>
    public ClaudeUsageLog Load(ParseResult parse, CancellationToken cancellationToken, bool pathOrderOnly = true)
    {
        var dataDirs = ClaudeDataDirs.Find(Environment.GetEnvironmentVariable);
        var log = pathOrderOnly
            ? ClaudeUsageLog.LoadInPathOrder(dataDirs, Query(parse), cancellationToken)
            : ClaudeUsageLog.Load(dataDirs, Query(parse), cancellationToken);
        if (log.BadLines > 0)
        {
            Console.Error.WriteLine(parse.GetValue(Verbose)
                ? $"skipped {log.BadLines} log line(s) that did not count:"
                : $"skipped {log.BadLines} log line(s) that did not count (--verbose names them)");
            if (parse.GetValue(Verbose))
            {
                foreach (var problem in log.Problems)
                {
                    Console.Error.WriteLine($"  {problem.File}:{problem.Line}: {problem.Reason}");
                }
            }
        }

        return log;
    }

    private UsageQuery Query(ParseResult parse) => new()
    {
        Mode = parse.GetValue(Mode) switch { "calculate" => CostMode.Calculate, "display" => CostMode.Display, _ => CostMode.Auto },
        Prices = parse.GetValue(Pricing) is { } file ? PriceTable.Load(file) : PriceTable.LoadDefault(),
        Project = parse.GetValue(Project),
        Since = Day(parse.GetValue(Since), "--since"),
    };

    /// <summary>The Claude Code logs these options select, to be read again and again (<c>blocks --live</c>).</summary>
    public LiveClaudeLog Live(ParseResult parse) => new(ClaudeDataDirs.Find(Environment.GetEnvironmentVariable), Query(parse));

    /// <summary>Reads Codex's logs (<c>CODEX_HOME</c>); prints how many lines did not count to stderr.</summary>
    public static CodexUsageLog LoadCodex(CancellationToken cancellationToken)
    {
        var log = CodexUsageLog.Load(CodexDataDirs.Find(Environment.GetEnvironmentVariable), cancellationToken);
        if (log.BadLines > 0)
        {
            Console.Error.WriteLine($"skipped {log.BadLines} Codex log line(s) that were not valid JSON");
        }

        return log;
    }

    /// <summary>Refuses --agent codex|all for reports ccusage's Codex reader does not have (weekly, blocks).</summary>
    public void RequireClaude(ParseResult parse, string report)
    {
        if (parse.GetValue(Agent) != "claude")
        {
            throw new TokenGovException($"usage {report} reads Claude Code logs only; Codex logs have daily, monthly and session reports (--agent codex|all)");
        }
    }

    private static string? Day(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }

        var compact = value.Replace("-", "", StringComparison.Ordinal);
        if (!DateTime.TryParseExact(compact, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new TokenGovException($"{option} {value}: expected a day as YYYYMMDD, e.g. 20250131");
        }

        return compact;
    }
}
