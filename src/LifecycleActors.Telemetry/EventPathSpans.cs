using System.Diagnostics;

namespace LifecycleActors.Telemetry;

/// <summary>
/// The spans of one event's way: append and publish in the request, then (later, in the partition grain and the
/// customer grain) delivery, apply and the transitions detected. Each answers null when nobody listens.
/// </summary>
public static class EventPathSpans
{
    private const string StreamSystem = "orleans";

    public static Activity? Append(string tenant, int events) =>
        Start(SpanNames.Append, ActivityKind.Internal, tenant)?.SetTag(SpanTags.Events, events);

    /// <summary>The producer side of the stream hop; its context travels with each message.</summary>
    public static Activity? Publish(string tenant, string stream, int events, int partitions) =>
        Start(SpanNames.Publish, ActivityKind.Producer, tenant)
            ?.SetTag(SpanTags.MessagingSystem, StreamSystem)
            .SetTag(SpanTags.MessagingOperation, "send")
            .SetTag(SpanTags.MessagingDestination, stream)
            .SetTag(SpanTags.Events, events)
            .SetTag(SpanTags.Partitions, partitions);

    /// <summary>
    /// The consumer side of the stream hop, a child of the publishing request's span (<paramref name="producer"/>),
    /// linked to any other request whose messages came in the same delivery.
    /// </summary>
    public static Activity? Deliver(string tenant, string stream, ActivityContext producer, IEnumerable<ActivityLink>? otherProducers, int customers)
    {
        var span = LifecycleTracing.Source.StartActivity(SpanNames.Deliver, ActivityKind.Consumer, producer, links: otherProducers);
        return span?.SetTag(TelemetryTags.Tenant, tenant)
            .SetTag(SpanTags.MessagingSystem, StreamSystem)
            .SetTag(SpanTags.MessagingOperation, "process")
            .SetTag(SpanTags.MessagingDestination, stream)
            .SetTag(SpanTags.MessagingBatchCount, customers)
            .SetTag(SpanTags.Customers, customers);
    }

    public static Activity? Apply(string tenant, int events) =>
        Start(SpanNames.Apply, ActivityKind.Internal, tenant)?.SetTag(SpanTags.Events, events);

    /// <summary>
    /// The transitions one change of a customer detected, with their kinds (one, or several joined in order:
    /// <c>stage,vip</c>); nothing is computed when nobody listens.
    /// </summary>
    public static Activity? Transition<T>(string tenant, IReadOnlyList<T> transitions, Func<T, string> kindOf)
    {
        if (!LifecycleTracing.Source.HasListeners())
        {
            return null;
        }

        var span = Start(SpanNames.Transition, ActivityKind.Internal, tenant);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TelemetryTags.TransitionKind, string.Join(',', transitions.Select(kindOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)))
                .SetTag(SpanTags.Transitions, transitions.Count);
        }

        return span;
    }

    internal static Activity? Start(string name, ActivityKind kind, string tenant) =>
        LifecycleTracing.Source.StartActivity(name, kind)?.SetTag(TelemetryTags.Tenant, tenant);
}
