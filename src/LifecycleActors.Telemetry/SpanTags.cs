namespace LifecycleActors.Telemetry;

/// <summary>
/// Attribute names on the service's spans besides <see cref="TelemetryTags"/> (tenant, transition kind, campaign):
/// counts, and the OpenTelemetry messaging attributes of the stream hop.
/// </summary>
public static class SpanTags
{
    public const string Events = "lifecycle.events.count";
    public const string Customers = "lifecycle.customers.count";
    public const string Partitions = "lifecycle.partitions.count";
    public const string Transitions = "lifecycle.transitions.count";
    public const string ActionType = "lifecycle.campaign.action";
    public const string MessagingSystem = "messaging.system";
    public const string MessagingOperation = "messaging.operation.type";
    public const string MessagingDestination = "messaging.destination.name";
    public const string MessagingBatchCount = "messaging.batch.message_count";
}
