using System.Security.Cryptography;
using LifecycleActors.Traffic;

namespace LifecycleActors.Cli.Load;

/// <summary>What a run posts: the traffic generator, set up so that every event is valid now and new to the service.</summary>
internal static class TrafficPlan
{
    /// <summary>The spacing of event times, unless that would reach back before <see cref="Earliest"/>.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    /// <summary>contract §2 rejects events before 2000-01-01; a day of margin keeps every offset safe.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh prefix for event and order ids, so that repeated runs never collide as duplicates.</summary>
    public static string NewRunId() => $"load-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    /// <summary>
    /// Event times end one step before <paramref name="now"/>: the newest event is about now and none is in the future
    /// (contract §2 rejects more than 5 minutes ahead), however long the run takes.
    /// </summary>
    public static (DateTimeOffset Start, TimeSpan Step) Timeline(int events, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(events);
        var step = Step;
        if (now - Earliest < TimeSpan.FromTicks(step.Ticks * events))
        {
            step = TimeSpan.FromTicks((now - Earliest).Ticks / events);
        }

        return (now - TimeSpan.FromTicks(step.Ticks * events), step);
    }

    public static StorefrontTraffic Create(LoadOptions options, string runId, DateTimeOffset now)
    {
        var (start, step) = Timeline(options.Events, now);
        return new StorefrontTraffic(options.Seed, options.Customers, start, step, runId);
    }
}
