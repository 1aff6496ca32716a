using System.Globalization;
using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>How budgets, windows and nano-dollar costs are written to and read from columns.</summary>
internal static class BudgetColumns
{
    private const decimal NanosPerDollar = 1_000_000_000m;

    /// <summary>Whole nano-dollars: exact, and summable as integers by any SQL database.</summary>
    public static long Nanos(decimal usd) => (long)decimal.Round(usd * NanosPerDollar, MidpointRounding.AwayFromZero);

    public static decimal Usd(long nanos) => nanos / NanosPerDollar;

    public static string WeekStart(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public static DayOfWeek ReadWeekStart(string text) => Enum.Parse<DayOfWeek>(text, ignoreCase: true);

    /// <summary>Adds @budget_tokens, @budget_usd and @budget_window.</summary>
    public static void AddLimits(SqliteCommand command, Budget budget)
    {
        command.Parameters.AddWithValue("@budget_tokens", budget.Tokens is { } tokens ? tokens : DBNull.Value);
        command.Parameters.AddWithValue("@budget_usd", budget.Usd is { } usd ? SqlValues.Money(usd) : DBNull.Value);
        command.Parameters.AddWithValue("@budget_window", budget.Window.ToWire());
    }

    /// <summary>Adds the limits plus @time_zone, @week_start and @counted_kinds, which only projects keep.</summary>
    public static void AddProjectBudget(SqliteCommand command, Budget budget)
    {
        AddLimits(command, budget);
        command.Parameters.AddWithValue("@time_zone", budget.Window.Zone.Id);
        command.Parameters.AddWithValue("@week_start", WeekStart(budget.Window.WeekStart));
        command.Parameters.AddWithValue("@counted_kinds", budget.Counted.ToWire());
    }

    /// <summary>Reads tokens, usd and window columns at <paramref name="first"/> onwards, in that order.</summary>
    public static Budget ReadLimits(SqliteDataReader reader, int first, TimeZoneInfo? zone = null, DayOfWeek weekStart = DayOfWeek.Monday, TokenKinds counted = TokenKinds.All)
    {
        long? tokens = reader.IsDBNull(first) ? null : reader.GetInt64(first);
        decimal? usd = reader.IsDBNull(first + 1) ? null : SqlValues.ReadMoney(reader, first + 1);
        var window = BudgetWindow.TryParse(reader.GetString(first + 2), zone, weekStart, out var parsed)
            ? parsed
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"stored budget window '{reader.GetString(first + 2)}' is not a window"));
        return new Budget(tokens, usd, window, counted);
    }

    /// <summary>Reads tokens, usd, window, time zone, week start and counted kinds at <paramref name="first"/> onwards.</summary>
    public static Budget ReadProjectBudget(SqliteDataReader reader, int first)
    {
        var zone = ZoneClock.FindZone(reader.GetString(first + 3), "stored time zone");
        return ReadLimits(reader, first, zone, ReadWeekStart(reader.GetString(first + 4)), TokenKindNames.Parse(reader.GetString(first + 5)));
    }
}
