namespace TokenGovernor.Core.Governance;

/// <summary>Turns a wall-clock time in a zone into an instant, including times that daylight saving skips or repeats.</summary>
public static class ZoneClock
{
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The clock jumps over this time (spring forward): the window starts at the jump, which is this
            // wall-clock time read with the offset in force before it. No zone moves its clock twice in a day.
            var before = zone.GetUtcOffset(local.AddDays(-1));
            return new DateTimeOffset(local, before);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The time happens twice (fall back): the window starts at the first of them, the larger offset.
            var first = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, first);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>Finds an IANA zone such as <c>Europe/Paris</c>, or <c>UTC</c>.</summary>
    /// <exception cref="TokenGovException">The zone is unknown; the message names <paramref name="field"/>.</exception>
    public static TimeZoneInfo FindZone(string? id, string field)
    {
        if (string.IsNullOrWhiteSpace(id) || id is "UTC" or "utc" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new TokenGovException($"{field}: \"{id}\" is not a known time zone; use an IANA name such as Europe/Paris or UTC", error);
        }
    }
}
