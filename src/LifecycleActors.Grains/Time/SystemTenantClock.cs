namespace LifecycleActors.Grains.Time;

/// <summary>Wall-clock time from a <see cref="TimeProvider"/>, the same for every tenant.</summary>
public sealed class SystemTenantClock(TimeProvider time) : ITenantClock
{
    public bool IsEventTime => false;

    public DateTimeOffset Now(string tenant) => time.GetUtcNow();

    public IDisposable Hold(string tenant, DateTimeOffset earliest) => NoHold.Instance;

    public void Observe(string tenant, DateTimeOffset latest)
    {
    }

    private sealed class NoHold : IDisposable
    {
        public static readonly NoHold Instance = new();

        public void Dispose()
        {
        }
    }
}
