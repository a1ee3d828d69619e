namespace LifecycleActors.Connectors;

public enum MappingKind
{
    /// <summary>Zero or more events to ingest (zero: nothing in this webhook is new to us, e.g. an unpaid order update).</summary>
    Events,

    /// <summary>A topic (or a payload) the service does not use: answered 200 and counted, nothing stored.</summary>
    Ignored,

    /// <summary>A privacy request to record.</summary>
    Privacy,

    /// <summary>A payload that cannot be mapped: answered 422 naming <see cref="MappingResult.Field"/>.</summary>
    Unmappable,
}

/// <summary>What one webhook means for the service.</summary>
/// <param name="Topic">The platform's topic or event name as received (empty when the webhook had none).</param>
public sealed record MappingResult(MappingKind Kind, string Topic)
{
    public IReadOnlyList<ConnectorEvent> Events { get; init; } = [];

    /// <summary><see cref="MappingKind.Ignored"/>: why, in a few words (e.g. "topic not used", "test order").</summary>
    public string? Reason { get; init; }

    /// <summary><see cref="MappingKind.Unmappable"/>: the payload's field at fault, as a path (e.g. <c>refunds[0].total</c>).</summary>
    public string? Field { get; init; }

    /// <summary><see cref="MappingKind.Unmappable"/>: what is wrong with it, starting with the field.</summary>
    public string? Error { get; init; }

    public PrivacyRequest? Privacy { get; init; }

    public static MappingResult Mapped(string topic, IReadOnlyList<ConnectorEvent> events) => new(MappingKind.Events, topic) { Events = events };

    public static MappingResult Ignore(string topic, string reason) => new(MappingKind.Ignored, topic) { Reason = reason };

    public static MappingResult Unmappable(string topic, string field, string error) => new(MappingKind.Unmappable, topic) { Field = field, Error = error };

    public static MappingResult PrivacyRequested(string topic, PrivacyRequest request) => new(MappingKind.Privacy, topic) { Privacy = request };
}
