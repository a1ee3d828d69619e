using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>Customer grains: activations, snapshot writes, transitions, and how late the time-driven ones are.</summary>
public sealed class CustomerMetrics
{
    public const string MeterName = "LifecycleActors.Customers";

    private readonly Counter<long> _activations;
    private readonly Counter<long> _snapshotWrites;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _timeDrivenLag;
    private readonly Counter<long> _merges;
    private readonly Counter<long> _mergedEvents;
    private readonly Counter<long> _linksRefused;

    public CustomerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _activations = meter.CreateCounter<long>("lifecycle.customer.activations", "{activation}", "Customer grains activated on this silo.");
        _snapshotWrites = meter.CreateCounter<long>("lifecycle.customer.snapshot.writes", "{write}", "Customer snapshots written.");
        _transitions = meter.CreateCounter<long>("lifecycle.transitions", "{transition}", "Transitions detected, by kind and by what caused them (event or time).");
        _timeDrivenLag = meter.CreateHistogram(
            "lifecycle.transition.time_driven.lag", "s", "From the instant a time-driven transition fell due to its detection.", advice: DurationBuckets.Long);
        _merges = meter.CreateCounter<long>(
            "lifecycle.identity.merges", "{merge}", "Anonymous visitor ids merged into the customer they were linked to (ADR 0013).");
        _mergedEvents = meter.CreateCounter<long>(
            "lifecycle.identity.merged_events", "{event}", "Log entries of anonymous visitor ids applied by the customer they were linked to.");
        _linksRefused = meter.CreateCounter<long>(
            "lifecycle.identity.links_refused", "{event}", "identify events refused because their anonymous id is already linked to another customer.");
    }

    public void Activated() => _activations.Add(1);

    public void SnapshotWritten() => _snapshotWrites.Add(1);

    /// <param name="timeDriven">True when the passing of time caused it (a lapse), false when an event did.</param>
    public void Transition(string tenant, string kind, bool timeDriven) =>
        _transitions.Add(1, new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.TransitionKind, kind }, { TelemetryTags.Trigger, timeDriven ? "time" : "event" } });

    public void Merged(string tenant, int events)
    {
        var tags = new TagList { { TelemetryTags.Tenant, tenant } };
        _merges.Add(1, tags);
        _mergedEvents.Add(events, tags);
    }

    public void LinksRefused(string tenant, int count)
    {
        if (count > 0)
        {
            _linksRefused.Add(count, new TagList { { TelemetryTags.Tenant, tenant } });
        }
    }

    public void TimeDrivenLag(string tenant, string kind, TimeSpan lateBy) =>
        _timeDrivenLag.Record(Math.Max(0, lateBy.TotalSeconds), new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.TransitionKind, kind } });
}
