namespace LifecycleActors.Rules.Evaluation;

/// <summary>Day arithmetic. A day is 86 400 s; thresholds are rounded to whole ticks once, here.</summary>
internal static class Days
{
    public static TimeSpan Span(double days) => TimeSpan.FromTicks((long)Math.Round(days * TimeSpan.TicksPerDay));

    public static double Between(DateTimeOffset from, DateTimeOffset to) =>
        (to.UtcTicks - from.UtcTicks) / (double)TimeSpan.TicksPerDay;

    public static int DayNumber(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).DayNumber;

    public static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        (a, b) switch
        {
            (null, _) => b,
            (_, null) => a,
            _ => a < b ? a : b,
        };
}
