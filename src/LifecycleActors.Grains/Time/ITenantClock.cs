namespace LifecycleActors.Grains.Time;

/// <summary>
/// The service clock, <c>now</c> in contract §3, per tenant. In <c>system</c> mode it is wall-clock time; in
/// <c>event-time</c> mode it is the tenant's watermark, the latest occurredAt accepted so far (contract §5).
/// </summary>
public interface ITenantClock
{
    /// <summary>True when time is driven by the events (<c>Lifecycle:Clock = event-time</c>).</summary>
    bool IsEventTime { get; }

    /// <summary>The tenant's current time.</summary>
    DateTimeOffset Now(string tenant);

    /// <summary>
    /// Called before events are appended: until the returned hold is disposed, the tenant's time stays before
    /// <paramref name="earliest"/>, so no customer is moved past an event that is still being written.
    /// </summary>
    IDisposable Hold(string tenant, DateTimeOffset earliest);

    /// <summary>Called once events are durably accepted: <paramref name="latest"/> is the newest occurredAt among them.</summary>
    void Observe(string tenant, DateTimeOffset latest);
}
