using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary>What every governance command shares: store options, the clock, and printing text or JSON.</summary>
internal static class GovernanceCommand
{
    /// <summary>Adds --state-dir, --store and --json to <paramref name="command"/> and runs <paramref name="action"/> with an open registry.</summary>
    public static Command With(Command command, Func<ParseResult, Registry, bool, CancellationToken, Task<int>> action)
    {
        var (stateDir, store, json) = (CommonOptions.StateDir(), CommonOptions.Store(), CommonOptions.Json());
        command.Options.Add(stateDir);
        command.Options.Add(store);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var time = Clock();
            await using var opened = await SqliteGovernorStore.OpenAsync(CommandContext.From(parse, stateDir, store).StorePath, time, cancellationToken);
            return await action(parse, new Registry(opened, time), parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// The system clock, or a fixed instant from TOKEN_GOV_NOW (ISO 8601), so reports about budget windows can
    /// be reproduced for a given moment (see <see cref="GovernorClock"/>).
    /// </summary>
    public static TimeProvider Clock() => GovernorClock.FromEnvironment(Environment.GetEnvironmentVariable, moving: false);

    public static Task PrintJsonAsync(object value) =>
        Console.Out.WriteLineAsync(JsonSerializer.Serialize(value, ReportJson.Options));

    public static void PrintTable(Table table) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);

    public static Table NewTable(params string[] columns) => new Table().Border(TableBorder.Simple).AddColumns(columns);

    public static string Time(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>An instant as wall-clock time in <paramref name="zone"/>, e.g. <c>2025-06-03 00:00 Europe/Paris</c>.</summary>
    public static string Time(DateTimeOffset value, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(value, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + zone.Id;

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Usd(decimal value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
