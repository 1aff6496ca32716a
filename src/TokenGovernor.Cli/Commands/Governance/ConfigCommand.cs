using System.CommandLine;
using System.Globalization;
using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov config [--threshold X] [--adaptive-threshold on|off]</c>: the governor's settings.</summary>
internal sealed class ConfigCommand : Command
{
    public ConfigCommand()
        : base("config", "Show or change the governor's settings: the checkpoint threshold and whether it adapts")
    {
        var threshold = new Option<double?>("--threshold") { Description = "Share of a budget at which a checkpoint is requested, in (0, 1] (default 0.9)" };
        var adaptive = new Option<string?>("--adaptive-threshold") { Description = "on: learn a threshold per complexity class; off: use --threshold" };
        Options.Add(threshold);
        Options.Add(adaptive);
        With(this, async (parse, registry, json, ct) =>
        {
            var config = await registry.Store.GetGovernorConfigAsync(ct);
            var (newThreshold, newAdaptive) = (parse.GetValue(threshold), parse.GetValue(adaptive));
            if (newThreshold is not null || newAdaptive is not null)
            {
                if (newThreshold is { } value)
                {
                    Policy.EnsureThreshold(value, "threshold");
                }

                config = new GovernorConfig(newThreshold ?? config.Threshold, newAdaptive switch
                {
                    null => config.AdaptiveThreshold,
                    "on" => true,
                    "off" => false,
                    _ => throw new TokenGovException($"adaptive-threshold: \"{newAdaptive}\" is not on or off"),
                });
                await registry.Store.SaveGovernorConfigAsync(config, registry.Time.GetUtcNow(), ct);
            }

            await (json
                ? PrintJsonAsync(new { threshold = config.Threshold, adaptive_threshold = config.AdaptiveThreshold })
                : Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"threshold {config.Threshold} ({Percent(config.Threshold)} of a budget)\nadaptive-threshold {(config.AdaptiveThreshold ? "on" : "off")}")));
            return 0;
        });
    }
}
