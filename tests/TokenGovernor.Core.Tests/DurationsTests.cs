namespace TokenGovernor.Core.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("30m", 30 * 60_000)]
    [InlineData("1h30m", 90 * 60_000)]
    [InlineData("90s", 90_000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5", 1_500)]
    [InlineData("45", 45_000)]
    [InlineData("2h", 2 * 3_600_000)]
    [InlineData("1m30s500ms", 90_500)]
    [InlineData("0.5h", 30 * 60_000)]
    [InlineData(" 10s ", 10_000)]
    public void Duration_as_users_write_it_is_read(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5x")]
    [InlineData("m5")]
    [InlineData("5m junk")]
    [InlineData("5 m")]
    [InlineData("-5")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Text_that_is_not_a_duration_is_rejected(string? text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e300")]
    [InlineData("99999999999999h")]
    [InlineData("200000000h200000000h")]
    [InlineData("\u0663m")]
    public void Number_too_large_or_not_a_plain_number_is_rejected_rather_than_thrown(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Fact]
    public void Parse_names_the_setting_and_shows_how_to_write_a_duration()
    {
        var error = Assert.Throws<TokenGovException>(() => Durations.Parse("soon", "--grace-period"));

        Assert.Equal("--grace-period: \"soon\" is not a duration; write it like 30m, 1h30m, 90s or 250ms", error.Message);
        Assert.Equal(ExitCodes.InputError, error.ExitCode);
    }

    [Fact]
    public void Parse_returns_the_duration_written()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Durations.Parse("5m", "--timeout"));
    }

    [Theory]
    [InlineData(340, "340ms")]
    [InlineData(0, "0ms")]
    [InlineData(1_200, "1.2s")]
    [InlineData(45_000, "45s")]
    [InlineData(165_000, "2m45s")]
    [InlineData(5_400_000, "1h30m0s")]
    [InlineData(90_061_000, "25h1m1s")]
    public void Format_is_compact(long milliseconds, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
