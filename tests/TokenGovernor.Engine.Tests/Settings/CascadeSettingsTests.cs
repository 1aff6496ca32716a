using TokenGovernor.Core;
using TokenGovernor.Engine.Settings;

namespace TokenGovernor.Engine.Tests.Settings;

public sealed class CascadeSettingsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Rate_limit_block_and_retry_backoff_are_read_as_durations()
    {
        _scratch.Write(".token-gov.yml", "rate_limit_block: 2h\nretry_backoff: 500ms\n");

        var settings = SettingsLoader.Load(null, _scratch.Path);

        Assert.Equal(TimeSpan.FromHours(2), settings.RateLimitBlock);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.RetryBackoff);
    }

    [Fact]
    public void A_rate_limit_block_that_is_not_a_duration_names_the_file_line_and_key()
    {
        _scratch.Write(".token-gov.yml", "workers: 2\nrate_limit_block: soon\n");

        var error = Assert.Throws<TokenGovException>(() => SettingsLoader.Load(null, _scratch.Path));

        Assert.Contains(".token-gov.yml:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("rate_limit_block", error.Message, StringComparison.Ordinal);
    }
}
