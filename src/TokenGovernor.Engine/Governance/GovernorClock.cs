using System.Globalization;
using TokenGovernor.Core;

namespace TokenGovernor.Engine.Governance;

/// <summary>
/// The clock governance reads. The system clock, unless the environment says otherwise:
/// <list type="bullet">
/// <item><c>TOKEN_GOV_NOW</c> (ISO 8601): reports read the clock as that instant; a run starts its clock there and
/// lets it move at real speed, so timeouts and grace periods still pass.</item>
/// <item><c>TOKEN_GOV_CLOCK_FILE</c> (for tests only): a file holding an ISO 8601 instant; the clock reads that
/// instant as of the file's last write and moves at real speed from it. Writing a later instant to the file jumps the
/// clock of a running <c>token-gov</c>, so a test sees a 5-hour window roll over in a second.</item>
/// </list>
/// </summary>
public static class GovernorClock
{
    public const string NowVariable = "TOKEN_GOV_NOW";

    public const string FileVariable = "TOKEN_GOV_CLOCK_FILE";

    /// <param name="moving">True for a run (the clock moves from TOKEN_GOV_NOW); false for reports (it stands still).</param>
    public static TimeProvider FromEnvironment(Func<string, string?> environment, bool moving)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(FileVariable) is { Length: > 0 } file)
        {
            return new FileClock(file);
        }

        if (environment(NowVariable) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return TimeProvider.System;
        }

        var now = Parse(text, NowVariable);
        return moving ? new OffsetClock(now - DateTimeOffset.UtcNow) : new FixedClock(now);
    }

    private static DateTimeOffset Parse(string text, string source) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now)
            ? now
            : throw new TokenGovException($"{source}: \"{text.Trim()}\" is not a time; write it as ISO 8601, like 2025-06-02T12:00:00Z");

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Real time shifted by a constant: timers and delays still run in real time.</summary>
    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + offset;
    }

    private sealed class FileClock(string path) : TimeProvider
    {
        private readonly Lock _gate = new();
        private DateTime _written;
        private TimeSpan _offset;
        private bool _read;

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                var written = File.GetLastWriteTimeUtc(path);
                if (!_read || written != _written)
                {
                    // A half-written file keeps the previous reading; the next look sees the whole instant.
                    if (File.Exists(path) && DateTimeOffset.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                    {
                        _offset = instant - new DateTimeOffset(written, TimeSpan.Zero);
                        _written = written;
                        _read = true;
                    }
                    else if (!_read)
                    {
                        throw new TokenGovException($"{FileVariable}: {path} does not hold an ISO 8601 time");
                    }
                }

                return DateTimeOffset.UtcNow + _offset;
            }
        }
    }
}
