namespace LifecycleActors.Grains.Scheduling;

/// <summary>How time-driven changes are found and fired (<c>Lifecycle:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Pause between the end of one scan pass and the start of the next: the bound on a due change's lag.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Due customers read per query.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>Customers woken at the same time by one tenant's scanner.</summary>
    public int MaxConcurrentWakes { get; set; } = 64;

    /// <summary>At most this many wakes per pass; the next pass goes on where the due list stands then.</summary>
    public int MaxWakesPerPass { get; set; } = 20_000;

    /// <summary>The first problem with the options as a "Key: reason" text, or null when they are valid.</summary>
    public string? Validate() =>
        ScanInterval <= TimeSpan.Zero ? "ScanInterval: must be a positive time span such as 00:00:01"
        : PageSize is < 1 or > 100_000 ? "PageSize: must be 1..100000"
        : MaxConcurrentWakes is < 1 or > 10_000 ? "MaxConcurrentWakes: must be 1..10000"
        : MaxWakesPerPass < 1 ? "MaxWakesPerPass: must be >= 1"
        : null;
}
