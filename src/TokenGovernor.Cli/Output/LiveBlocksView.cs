using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Output;

/// <summary>What <c>usage blocks --live</c> shows of the active block: a panel on a terminal, one line per refresh otherwise.</summary>
internal static class LiveBlocksView
{
    public static IRenderable Panel(UsageBlock? block, long nowMs, long? limit, TimeZoneInfo zone, long bytesRead)
    {
        var grid = new Grid().AddColumn().AddColumn();
        if (block is null)
        {
            grid.AddRow("Active block", "none: no Claude Code usage in the last block");
        }
        else
        {
            var rate = block.BurnRate();
            var projection = block.Project(nowMs);
            grid.AddRow("Block", $"{Time(block.StartMs, zone)} – {Time(block.EndMs, zone)} ({Minutes(Math.Max(0, block.EndMs - nowMs))} left)");
            grid.AddRow("Models", Markup.Escape(string.Join(", ", block.Models)));
            grid.AddRow("Tokens", $"{Count(block.TotalTokens)} (input {Count(block.InputTokens)}, output {Count(block.OutputTokens)}, cache write {Count(block.CacheCreationInputTokens)}, cache read {Count(block.CacheReadInputTokens)})");
            grid.AddRow("Cost", Usd(block.CostUsd));
            grid.AddRow("Burn rate", rate is null ? "-" : $"{Count((long)rate.TokensPerMinute)} tokens/min, {Usd(rate.CostPerHour)}/h");
            grid.AddRow("Projected", projection is null ? "-" : $"{Count((long)projection.TotalTokens)} tokens, {Usd(projection.TotalCost)} at block end");
            if (limit is { } tokens)
            {
                var used = Math.Min(1.0, block.TotalTokens / (double)tokens);
                var color = projection is not null && projection.TotalTokens > tokens ? "red" : used > 0.8 ? "yellow" : "green";
                var filled = (int)Math.Round(used * 30);
                grid.AddRow("Token limit", $"[{color}]{new string('█', filled)}[/]{new string('░', 30 - filled)} {used * 100:0.0}% of {Count(tokens)}");
            }
        }

        return new Panel(grid).Header($"Claude Code live usage · refreshed {DateTimeOffset.FromUnixTimeMilliseconds(nowMs).ToLocalTime():HH:mm:ss} · read {Count(bytesRead)} new bytes").Border(BoxBorder.Rounded);
    }

    /// <summary>The plain line printed per refresh when output is not a terminal.</summary>
    public static string Line(UsageBlock? block, long nowMs, long? limit, long bytesRead)
    {
        if (block is null)
        {
            return $"no active block (read {bytesRead} new bytes)";
        }

        var rate = block.BurnRate();
        var projection = block.Project(nowMs);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"active block {UsageBlock.Iso(block.StartMs)}: tokens {block.TotalTokens}, cost {block.CostUsd:0.00}, burn {rate?.TokensPerMinute ?? 0:0} tokens/min, projected {projection?.TotalTokens ?? block.TotalTokens:0} (read {bytesRead} new bytes)");
        return limit is { } tokens ? line + string.Create(CultureInfo.InvariantCulture, $", {block.TotalTokens * 100.0 / tokens:0.0}% of limit {tokens}") : line;
    }

    private static string Time(long ms, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Minutes(long ms) => $"{ms / 3_600_000}h {ms / 60_000 % 60:00}m";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Usd(double value) => "$" + value.ToString("N2", CultureInfo.InvariantCulture);
}
