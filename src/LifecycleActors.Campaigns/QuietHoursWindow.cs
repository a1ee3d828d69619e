namespace LifecycleActors.Campaigns;

/// <summary>Moves a send out of the tenant's quiet hours, to the moment they end.</summary>
public static class QuietHoursWindow
{
    /// <summary><paramref name="at"/> itself when it is outside the quiet hours, else the end of the quiet period it falls in.</summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset at, QuietHours? quiet, TimeZoneInfo zone)
    {
        if (quiet is null || quiet.Start == quiet.End)
        {
            return at;
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var wraps = quiet.Start > quiet.End;
        var inside = wraps ? time >= quiet.Start || time < quiet.End : time >= quiet.Start && time < quiet.End;
        if (!inside)
        {
            return at;
        }

        // The end is today, or tomorrow when the quiet period started this evening and wraps midnight.
        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (wraps && time >= quiet.Start)
        {
            endDate = endDate.AddDays(1);
        }

        var endLocal = endDate.ToDateTime(quiet.End);
        // A local time skipped by a daylight-saving change is taken an hour later.
        if (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddHours(1);
        }

        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }
}
