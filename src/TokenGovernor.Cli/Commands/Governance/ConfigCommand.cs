using System.CommandLine;
using System.Globalization;
using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary>
/// <c>token-gov config [--threshold X] [--adaptive-threshold on|off] [--grace-tokens N] [--grace-seconds S] [--start-rate N]</c>:
/// the governor's settings, and the thresholds it has learned per complexity class.
/// </summary>
internal sealed class ConfigCommand : Command
{
    public ConfigCommand()
        : base("config", "Show or change the governor's settings: checkpoint threshold, adaptive thresholds, checkpoint grace, start rate")
    {
        var threshold = new Option<double?>("--threshold") { Description = "Share of a budget at which a checkpoint is requested, in (0, 1] (default 0.9)" };
        var adaptive = new Option<string?>("--adaptive-threshold") { Description = "on: learn a threshold per complexity class; off: use --threshold" };
        var graceTokens = new Option<long?>("--grace-tokens") { Description = "Tokens an agent told to checkpoint may still spend before it is stopped (default 20000)" };
        var graceSeconds = new Option<int?>("--grace-seconds") { Description = "Seconds an agent told to checkpoint has before it is stopped (default 120)" };
        var startRate = new Option<int?>("--start-rate") { Description = "Paused or waiting tasks the scheduler starts per minute at most (default 10)" };
        foreach (var option in new Option[] { threshold, adaptive, graceTokens, graceSeconds, startRate })
        {
            Options.Add(option);
        }

        With(this, async (parse, registry, json, ct) =>
        {
            var config = await registry.Store.GetGovernorConfigAsync(ct);
            var changed = Change(config, parse.GetValue(threshold), parse.GetValue(adaptive), parse.GetValue(graceTokens), parse.GetValue(graceSeconds), parse.GetValue(startRate));
            if (changed != config)
            {
                config = changed;
                await registry.Store.SaveGovernorConfigAsync(config, registry.Time.GetUtcNow(), ct);
            }

            var learned = new List<(ComplexityClass Class, double Threshold, int Observations)>();
            foreach (var complexity in Enum.GetValues<ComplexityClass>())
            {
                var observations = await registry.Store.ListThresholdObservationsAsync(complexity, ct);
                if (observations.Count > 0)
                {
                    learned.Add((complexity, AdaptiveThreshold.For(config.Threshold, observations), observations.Count));
                }
            }

            if (json)
            {
                await PrintJsonAsync(new
                {
                    threshold = config.Threshold,
                    adaptive_threshold = config.AdaptiveThreshold,
                    grace_tokens = config.GraceTokens,
                    grace_seconds = config.GraceSeconds,
                    start_rate = config.StartsPerMinute,
                    learned = learned.Select(entry => new { complexity = entry.Class.ToWire(), threshold = entry.Threshold, observations = entry.Observations }),
                });
                return 0;
            }

            var text = string.Create(CultureInfo.InvariantCulture,
                $"threshold {config.Threshold} ({Percent(config.Threshold)} of a budget)\nadaptive-threshold {(config.AdaptiveThreshold ? "on" : "off")}\n" +
                $"grace-tokens {config.GraceTokens}\ngrace-seconds {config.GraceSeconds}\nstart-rate {config.StartsPerMinute} per minute");
            foreach (var (complexity, learnedThreshold, count) in learned)
            {
                text += string.Create(CultureInfo.InvariantCulture, $"\nlearned {complexity.ToWire()} {learnedThreshold} from {count} observation(s){(config.AdaptiveThreshold ? "" : " (not in use)")}");
            }

            await Console.Out.WriteLineAsync(text);
            return 0;
        });
    }

    private static GovernorConfig Change(GovernorConfig config, double? threshold, string? adaptive, long? graceTokens, int? graceSeconds, int? startRate)
    {
        if (threshold is { } value)
        {
            Policy.EnsureThreshold(value, "threshold");
        }

        if (graceTokens is < 0)
        {
            throw new TokenGovException($"grace-tokens: {graceTokens} is not a number of tokens; give 0 or more");
        }

        if (graceSeconds is < 0)
        {
            throw new TokenGovException($"grace-seconds: {graceSeconds} is not a number of seconds; give 0 or more");
        }

        if (startRate is < 1)
        {
            throw new TokenGovException($"start-rate: {startRate} is not a rate; give at least 1 task per minute");
        }

        return new GovernorConfig(threshold ?? config.Threshold, adaptive switch
        {
            null => config.AdaptiveThreshold,
            "on" => true,
            "off" => false,
            _ => throw new TokenGovException($"adaptive-threshold: \"{adaptive}\" is not on or off"),
        })
        {
            GraceTokens = graceTokens ?? config.GraceTokens,
            GraceSeconds = graceSeconds ?? config.GraceSeconds,
            StartsPerMinute = startRate ?? config.StartsPerMinute,
        };
    }
}
