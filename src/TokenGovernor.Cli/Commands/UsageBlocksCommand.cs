using System.CommandLine;
using System.Globalization;
using TokenGovernor.Cli.Output;
using TokenGovernor.Core;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov usage blocks</c>: usage per billing block (5 hours by default), with burn rate and projection for the active one.</summary>
internal sealed class UsageBlocksCommand : Command
{
    private readonly UsageOptions _options = new();
    private readonly Option<string?> _tokenLimit = new("--token-limit", "-t") { Description = "Token limit per block for the projection's status: a number or max (the largest finished block)" };
    private readonly Option<bool> _live = new("--live") { Description = "Show the active block, refreshed until Ctrl+C, reading only what the logs grew by" };
    private readonly Option<double> _refresh = new("--refresh") { Description = "With --live: seconds between refreshes", DefaultValueFactory = _ => 3 };
    private readonly Option<double> _sessionLength = new("--session-length", "-n") { Description = "Block length in hours", DefaultValueFactory = _ => 5 };

    public UsageBlocksCommand()
        : base("blocks", "Usage and cost per billing block (Claude's 5-hour usage windows)")
    {
        _options.AddTo(this);
        Options.Add(_tokenLimit);
        Options.Add(_sessionLength);
        Options.Add(_live);
        Options.Add(_refresh);
        SetAction(async (parse, cancellationToken) =>
        {
            _options.RequireClaude(parse, "blocks");
            var hours = parse.GetValue(_sessionLength);
            if (hours <= 0 || double.IsNaN(hours))
            {
                throw new TokenGovException("--session-length must be a positive number of hours");
            }

            var options = _options.Report(parse) with { SessionHours = hours };
            if (parse.GetValue(_live))
            {
                var seconds = parse.GetValue(_refresh);
                if (seconds <= 0 || double.IsNaN(seconds))
                {
                    throw new TokenGovException("--refresh must be a positive number of seconds");
                }

                var tokenLimit = parse.GetValue(_tokenLimit);
                return await UsageBlocksLive.RunAsync(_options.Live(parse), options, blocks => Limit(tokenLimit, blocks), TimeSpan.FromSeconds(seconds), TimeProvider.System, cancellationToken);
            }

            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var blocks = BlocksReport.Build(_options.Load(parse, cancellationToken, pathOrderOnly: false).InTimeOrder(), options, now);
            var limit = Limit(parse.GetValue(_tokenLimit), blocks);
            if (parse.GetValue(_options.Json))
            {
                await Console.Out.WriteLineAsync(ReportJson.Blocks(blocks, now, limit));
            }
            else
            {
                UsageTables.Blocks(blocks, now, limit, options.Zone);
            }

            return 0;
        });
    }

    private static long? Limit(string? value, IReadOnlyList<UsageBlock> blocks)
    {
        if (value is null)
        {
            return null;
        }

        if (value is "" or "max")
        {
            var max = BlocksReport.MaxCompletedTokens(blocks);
            return max > 0 ? max : null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : throw new TokenGovException($"--token-limit {value}: expected a positive number of tokens or max");
    }
}
