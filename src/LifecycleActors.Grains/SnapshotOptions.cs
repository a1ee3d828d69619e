namespace LifecycleActors.Grains;

/// <summary>When customer grains write their snapshot (<c>Lifecycle:Snapshots</c>). The event log is the truth; snapshots only shorten replays.</summary>
public sealed class SnapshotOptions
{
    /// <summary>Write a snapshot after this many applied events.</summary>
    public int EveryEvents { get; set; } = 500;

    /// <summary>Write a snapshot this long after the first unsaved change.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first problem as a "Key: reason" text, or null when the options are valid.</summary>
    public string? Validate() =>
        EveryEvents < 1 ? "EveryEvents: must be >= 1"
        : Interval <= TimeSpan.Zero ? "Interval: must be a positive time span such as 00:00:30"
        : null;
}
