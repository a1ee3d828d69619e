using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>The way in: events received per outcome, how long a request takes until its events are durable, and the requests shed at capacity.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "LifecycleActors.Ingest";

    private readonly Counter<long> _events;
    private readonly Histogram<double> _durable;
    private readonly Counter<long> _shed;
    private readonly Counter<long> _browserRefused;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _events = meter.CreateCounter<long>(
            "lifecycle.ingest.events", "{event}", "Events received, by outcome: accepted (new in the log), duplicate (id already logged), rejected (invalid).");
        _durable = meter.CreateHistogram(
            "lifecycle.ingest.durable.duration", "s", "From receiving an events request to its accepted events being durable in the log.", advice: DurationBuckets.Short);
        _shed = meter.CreateCounter<long>(
            "lifecycle.ingest.shed", "{request}", "Ingest requests refused with 503 because the silo was at capacity, by reason: requests_queued (every slot and queue place taken), read_model_backlog.");
        _browserRefused = meter.CreateCounter<long>(
            "lifecycle.collect.refused", "{request}", "Browser requests (POST /api/v1/collect) refused whole, by reason: origin, type, user_hash (a forged or missing identify proof), no_identity_secret, size, rate.");
    }

    /// <summary>A browser request with the tenant's publishable key was refused, for <paramref name="reason"/>.</summary>
    public void BrowserRefused(string tenant, string reason) =>
        _browserRefused.Add(1, new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.Reason, reason } });

    /// <summary>An ingest request was refused at capacity, for <paramref name="reason"/>.</summary>
    public void Shed(string reason) => _shed.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Reason, reason));

    public void Received(string tenant, int accepted, int duplicates, int rejected)
    {
        Add(tenant, "accepted", accepted);
        Add(tenant, "duplicate", duplicates);
        Add(tenant, "rejected", rejected);
    }

    public void Durable(string tenant, TimeSpan sinceReceived) =>
        _durable.Record(sinceReceived.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.Tenant, tenant));

    private void Add(string tenant, string outcome, int count)
    {
        if (count > 0)
        {
            _events.Add(count, new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.Outcome, outcome } });
        }
    }
}
