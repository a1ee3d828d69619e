using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Load;

/// <summary>Everything a load run measured; the output formats only present it.</summary>
internal sealed record LoadReport
{
    public required string RunId { get; init; }

    public required LoadOptions Options { get; init; }

    public required long Requests { get; init; }

    /// <summary>Events in acknowledged batches (accepted + duplicates + rejected).</summary>
    public required long Acknowledged { get; init; }

    public required long Accepted { get; init; }

    public required long Duplicates { get; init; }

    public required long Rejected { get; init; }

    public string? FirstRejection { get; init; }

    public required long Retries { get; init; }

    /// <summary>First send to last acknowledgement.</summary>
    public required TimeSpan PostingTime { get; init; }

    public required LatencySummary Latency { get; init; }

    /// <summary><c>eventsApplied</c> of the tenant before the run.</summary>
    public required long BaselineApplied { get; init; }

    /// <summary>The <c>eventsApplied</c> that means "all of this run applied".</summary>
    public required long TargetApplied { get; init; }

    /// <summary>Waiting from the last acknowledgement until applied (or until giving up).</summary>
    public required ApplyResult Apply { get; init; }

    /// <summary>Accepted events per second of posting.</summary>
    public double EventsPerSecond => PerSecond(Accepted, PostingTime);

    /// <summary>Events of this run applied so far, as far as the last stats read tells.</summary>
    public long? AppliedOfRun => Apply.LastValue - BaselineApplied;

    public TimeSpan? TimeToApplied => Apply.Applied ? Apply.Elapsed : null;

    /// <summary>First send to fully applied.</summary>
    public TimeSpan? TotalTime => Apply.Applied ? PostingTime + Apply.Elapsed : null;

    public double? AppliedEventsPerSecond => TotalTime is { } total ? PerSecond(Accepted, total) : null;

    private static double PerSecond(long events, TimeSpan time) => time > TimeSpan.Zero ? events / time.TotalSeconds : 0;
}
