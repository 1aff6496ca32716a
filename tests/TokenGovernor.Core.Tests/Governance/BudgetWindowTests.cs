using TokenGovernor.Core.Governance;

namespace TokenGovernor.Core.Tests.Governance;

public sealed class BudgetWindowTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static BudgetWindow Window(string text, TimeZoneInfo? zone = null, DayOfWeek weekStart = DayOfWeek.Monday) =>
        BudgetWindow.Parse(text, zone, weekStart, "--window");

    [Theory]
    [InlineData("total")]
    [InlineData("5h")]
    [InlineData("24h")]
    [InlineData("daily")]
    [InlineData("weekly")]
    [InlineData("monthly")]
    public void Every_window_name_round_trips(string text) => Assert.Equal(text, Window(text).ToWire());

    [Theory]
    [InlineData("0h")]
    [InlineData("-5h")]
    [InlineData("5")]
    [InlineData("h")]
    [InlineData("yearly")]
    [InlineData("05h")]
    [InlineData("99999h")]
    public void A_bad_window_is_refused_naming_the_option(string text)
    {
        var error = Assert.Throws<TokenGovException>(() => Window(text));

        Assert.Contains("--window", error.Message);
        Assert.Contains($"\"{text}\"", error.Message);
        Assert.Equal(ExitCodes.InputError, error.ExitCode);
    }

    [Fact]
    public void A_total_window_covers_all_time()
    {
        Assert.Equal(WindowSpan.Always, Window("total").Current(new FakeTime(DateTimeOffset.UnixEpoch)));
        Assert.False(Window("total").Refills);
    }

    [Fact]
    public void A_rolling_window_is_the_last_n_hours_and_slides_with_the_clock()
    {
        var time = new FakeTime(new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero));
        var window = Window("5h");

        Assert.Equal(new WindowSpan(new DateTimeOffset(2025, 6, 2, 7, 0, 0, TimeSpan.Zero), null), window.Current(time));
        time.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(new DateTimeOffset(2025, 6, 2, 8, 30, 0, TimeSpan.Zero), window.Current(time).Start);
    }

    [Fact]
    public void A_daily_window_runs_midnight_to_midnight_in_the_projects_zone()
    {
        // 23:30 UTC on 2 June is 01:30 on 3 June in Paris (UTC+2 in summer).
        var span = Window("daily", Paris).Current(new DateTimeOffset(2025, 6, 2, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.FromHours(2)), span.Start);
        Assert.Equal(new DateTimeOffset(2025, 6, 4, 0, 0, 0, TimeSpan.FromHours(2)), span.End);
    }

    [Fact]
    public void A_daily_window_across_the_spring_clock_change_is_23_hours_long()
    {
        var span = Window("daily", Paris).Current(new DateTimeOffset(2025, 3, 30, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromHours(23), span.End!.Value - span.Start!.Value);
    }

    [Fact]
    public void A_weekly_window_starts_on_monday_unless_configured()
    {
        // Sunday 8 June 2025, noon UTC.
        var sunday = new DateTimeOffset(2025, 6, 8, 12, 0, 0, TimeSpan.Zero);

        var monday = Window("weekly").Current(sunday);
        var fromSunday = Window("weekly", weekStart: DayOfWeek.Sunday).Current(sunday);

        Assert.Equal(new WindowSpan(new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 9, 0, 0, 0, TimeSpan.Zero)), monday);
        Assert.Equal(new WindowSpan(new DateTimeOffset(2025, 6, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 15, 0, 0, 0, TimeSpan.Zero)), fromSunday);
    }

    [Fact]
    public void A_monthly_window_is_the_calendar_month_in_the_zone()
    {
        // 22:30 UTC on 31 January is already 1 February in Paris.
        var span = Window("monthly", Paris).Current(new DateTimeOffset(2025, 1, 31, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.FromHours(1)), span.Start);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), span.End);
    }

    [Fact]
    public void The_window_rolls_over_when_the_clock_passes_its_end()
    {
        var time = new FakeTime(new DateTimeOffset(2025, 6, 2, 23, 59, 0, TimeSpan.Zero));
        var window = Window("daily");
        var first = window.Current(time);

        time.Advance(TimeSpan.FromMinutes(2));
        var second = window.Current(time);

        Assert.Equal(first.End, second.Start);
        Assert.True(first.Contains(first.Start!.Value));
        Assert.False(first.Contains(first.End!.Value));
    }

    [Fact]
    public void A_midnight_the_clock_skips_starts_the_day_at_the_jump()
    {
        // Santiago moved its clocks from 00:00 to 01:00 on 7 September 2025.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

        var start = ZoneClock.ToInstant(new DateTime(2025, 9, 7, 0, 0, 0), santiago);

        Assert.Equal(new DateTimeOffset(2025, 9, 7, 4, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_naming_the_option()
    {
        var error = Assert.Throws<TokenGovException>(() => ZoneClock.FindZone("Mars/Olympus", "--timezone"));

        Assert.Contains("--timezone: \"Mars/Olympus\" is not a known time zone", error.Message);
    }
}
