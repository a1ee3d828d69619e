namespace LifecycleActors.Silo.Privacy;

/// <summary><c>Lifecycle:Retention</c>: how long the event log keeps an event (ADR 0017). Off unless set.</summary>
public sealed class RetentionOptions
{
    /// <summary>The longest a log entry is kept, in days of the tenant's clock; null keeps every entry.</summary>
    public int? EventDays { get; set; }

    /// <summary>How often a silo looks for entries to summarise.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public string? Validate() =>
        EventDays is < 1 or > 36_500 ? "EventDays: must be 1..36500 days, or unset to keep every event"
        : Interval < TimeSpan.FromSeconds(1) ? "Interval: must be at least 00:00:01"
        : null;
}
