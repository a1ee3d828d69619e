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

    public CustomerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _activations = meter.CreateCounter<long>("lifecycle.customer.activations", "{activation}", "Customer grains activated on this silo.");
        _snapshotWrites = meter.CreateCounter<long>("lifecycle.customer.snapshot.writes", "{write}", "Customer snapshots written.");
        _transitions = meter.CreateCounter<long>("lifecycle.transitions", "{transition}", "Transitions detected, by kind and by what caused them (event or time).");
        _timeDrivenLag = meter.CreateHistogram(
            "lifecycle.transition.time_driven.lag", "s", "From the instant a time-driven transition fell due to its detection.", advice: DurationBuckets.Long);
    }

    public void Activated() => _activations.Add(1);

    public void SnapshotWritten() => _snapshotWrites.Add(1);

    /// <param name="timeDriven">True when the passing of time caused it (a lapse), false when an event did.</param>
    public void Transition(string tenant, string kind, bool timeDriven) =>
        _transitions.Add(1, new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.TransitionKind, kind }, { TelemetryTags.Trigger, timeDriven ? "time" : "event" } });

    public void TimeDrivenLag(string tenant, string kind, TimeSpan lateBy) =>
        _timeDrivenLag.Record(Math.Max(0, lateBy.TotalSeconds), new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.TransitionKind, kind } });
}
