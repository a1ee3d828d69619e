namespace LifecycleActors.Rules.Kpis;

/// <summary>One KPI period: [Start, End) as instants, named by the local date it starts on.</summary>
public sealed record KpiPeriod(DateOnly Label, DateTimeOffset Start, DateTimeOffset End);

/// <summary>Cuts time into days, ISO weeks or months of a tenant's time zone.</summary>
public static class KpiPeriods
{
    /// <summary>The periods from the one holding <paramref name="from"/> to the one holding <paramref name="to"/> (local dates).</summary>
    public static IReadOnlyList<KpiPeriod> Between(DateOnly from, DateOnly to, KpiInterval interval, TimeZoneInfo zone)
    {
        if (to < from)
        {
            throw new ArgumentException("to is before from", nameof(to));
        }

        var periods = new List<KpiPeriod>();
        for (var label = StartOf(from, interval); label <= to; label = Next(label, interval))
        {
            periods.Add(new KpiPeriod(label, LocalMidnight(label, zone), LocalMidnight(Next(label, interval), zone)));
        }

        return periods;
    }

    /// <summary>The period just before <paramref name="period"/>.</summary>
    public static KpiPeriod Previous(KpiPeriod period, KpiInterval interval, TimeZoneInfo zone)
    {
        var label = interval switch
        {
            KpiInterval.Day => period.Label.AddDays(-1),
            KpiInterval.Week => period.Label.AddDays(-7),
            _ => period.Label.AddMonths(-1),
        };
        return new KpiPeriod(label, LocalMidnight(label, zone), period.Start);
    }

    /// <summary>The local date of the start of the period holding <paramref name="date"/>.</summary>
    public static DateOnly StartOf(DateOnly date, KpiInterval interval) => interval switch
    {
        KpiInterval.Day => date,
        KpiInterval.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
        KpiInterval.Month => new DateOnly(date.Year, date.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "unknown interval"),
    };

    /// <summary>The local date an instant falls on in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The instant a local date begins. Where a daylight-saving jump skips midnight, the day begins at the first
    /// local time that exists; where midnight occurs twice, at the first of them.
    /// </summary>
    public static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The label of the period after the one labelled <paramref name="label"/>.</summary>
    public static DateOnly Next(DateOnly label, KpiInterval interval) => interval switch
    {
        KpiInterval.Day => label.AddDays(1),
        KpiInterval.Week => label.AddDays(7),
        _ => label.AddMonths(1),
    };
}
