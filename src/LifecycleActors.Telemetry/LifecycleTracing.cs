using System.Diagnostics;

namespace LifecycleActors.Telemetry;

/// <summary>
/// The service's own trace source: spans for the steps of the event path that no library traces for us. Every span
/// starts only when a tracer provider listens (<see cref="ActivitySource.StartActivity(string, ActivityKind)"/> answers
/// null otherwise), so an unobserved service pays a check per hop. Names are fixed (<see cref="SpanNames"/>); tenants,
/// counts and kinds are attributes (<see cref="TelemetryTags"/>); customer ids, e-mails and keys appear nowhere.
/// </summary>
public static class LifecycleTracing
{
    public const string SourceName = "LifecycleActors";

    public static readonly ActivitySource Source = new(SourceName);
}

/// <summary>The names of the service's spans, low in cardinality.</summary>
public static class SpanNames
{
    /// <summary>An events request's valid events appended to the log (until durable).</summary>
    public const string Append = "lifecycle.events.append";

    /// <summary>The accepted events of a request handed to the ingest streams (one message per partition).</summary>
    public const string Publish = "lifecycle.events.publish";

    /// <summary>An ingest stream message delivered to its customers by the partition grain.</summary>
    public const string Deliver = "lifecycle.events.deliver";

    /// <summary>A customer applying the events it was delivered or read from the log.</summary>
    public const string Apply = "lifecycle.customer.apply";

    /// <summary>The transitions one change of a customer detected, published to the read model, live screens and campaigns.</summary>
    public const string Transition = "lifecycle.transition";

    /// <summary>Transitions pushed to the agents' screens connected to this host.</summary>
    public const string LivePush = "lifecycle.live.push";

    /// <summary>A campaign acting on a due entry: its webhook or its agent task.</summary>
    public const string CampaignSend = "lifecycle.campaign.send";
}
