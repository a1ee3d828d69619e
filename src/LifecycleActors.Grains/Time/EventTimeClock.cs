namespace LifecycleActors.Grains.Time;

/// <summary>
/// Event time: each tenant's clock is its watermark, the newest occurredAt accepted so far, held back below the
/// earliest event of any append still in flight on this silo. Starts from the watermarks stored in the event log.
/// </summary>
public sealed class EventTimeClock : ITenantClock
{
    /// <summary>A tenant's time before its first event: the earliest occurredAt the API accepts.</summary>
    public static readonly DateTimeOffset Origin = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Watermark> _tenants = new(StringComparer.Ordinal);

    public EventTimeClock(IReadOnlyDictionary<string, DateTimeOffset> stored)
    {
        foreach (var (tenant, at) in stored)
        {
            _tenants[tenant] = new Watermark { Latest = at.UtcTicks };
        }
    }

    public bool IsEventTime => true;

    public DateTimeOffset Now(string tenant)
    {
        lock (_lock)
        {
            if (!_tenants.TryGetValue(tenant, out var watermark))
            {
                return Origin;
            }

            var ticks = watermark.Latest;
            foreach (var held in watermark.Holds)
            {
                ticks = Math.Min(ticks, held - 1);
            }

            return new DateTimeOffset(Math.Max(ticks, Origin.UtcTicks), TimeSpan.Zero);
        }
    }

    public IDisposable Hold(string tenant, DateTimeOffset earliest)
    {
        var ticks = earliest.UtcTicks;
        lock (_lock)
        {
            For(tenant).Holds.Add(ticks);
        }

        return new Release(this, tenant, ticks);
    }

    public void Observe(string tenant, DateTimeOffset latest)
    {
        lock (_lock)
        {
            var watermark = For(tenant);
            watermark.Latest = Math.Max(watermark.Latest, latest.UtcTicks);
        }
    }

    private Watermark For(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var watermark))
        {
            watermark = new Watermark { Latest = Origin.UtcTicks };
            _tenants[tenant] = watermark;
        }

        return watermark;
    }

    private void Unhold(string tenant, long ticks)
    {
        lock (_lock)
        {
            _tenants[tenant].Holds.Remove(ticks);
        }
    }

    private sealed class Watermark
    {
        public long Latest { get; set; }

        public List<long> Holds { get; } = [];
    }

    private sealed class Release(EventTimeClock clock, string tenant, long ticks) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                clock.Unhold(tenant, ticks);
            }
        }
    }
}
