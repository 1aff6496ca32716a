namespace TokenGovernor.Storage;

/// <summary>A runner (or one model of it, when <paramref name="Model"/> is given) blocked until its rate limit resets.</summary>
public sealed record RunnerBlockRecord(string Runner, string? Model, DateTimeOffset BlockedUntil, string? Reason, DateTimeOffset BlockedAt);

/// <summary>
/// A runner (or one model of it) not to use. <paramref name="Source"/> says who put it there: <c>manual</c> for
/// <c>token-gov graylist add</c>, <c>auto</c> for a runner that claimed success without doing anything.
/// </summary>
public sealed record GraylistRecord(string Runner, string? Model, string? Reason, string Source, DateTimeOffset AddedAt)
{
    public const string Manual = "manual";
    public const string Automatic = "auto";
}
