using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Load;

/// <summary>Everything a load run measured; the output formats only present it.</summary>
internal sealed record LoadReport
{
    public required string RunId { get; init; }

    public required LoadOptions Options { get; init; }

    /// <summary>The service's answers; <see cref="EventTotals.Elapsed"/> is the posting time, first send to last acknowledgement.</summary>
    public required EventTotals Totals { get; init; }

    public required LatencySummary Latency { get; init; }

    public required ApplyOutcome Apply { get; init; }

    public TimeSpan PostingTime => Totals.Elapsed;

    /// <summary>Accepted events per second of posting.</summary>
    public double EventsPerSecond => Totals.PerSecond(Totals.Accepted);

    public TimeSpan? TimeToApplied => Apply.Wait.Applied ? Apply.Wait.Elapsed : null;

    /// <summary>First send to fully applied.</summary>
    public TimeSpan? TotalTime => Apply.Wait.Applied ? PostingTime + Apply.Wait.Elapsed : null;

    public double? AppliedEventsPerSecond => TotalTime is { } total ? EventTotals.Rate(Totals.Accepted, total) : null;
}
