using System.Text.Json;
using System.Text.Json.Serialization;
using LifecycleActors.Abstractions;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// An item of a customer's timeline: <c>{"kind":"event","at",event}</c> or <c>{"kind":"transition","at",transition}</c>;
/// the other of the two is left out.
/// </summary>
public sealed record TimelineEntry(
    string Kind,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventEntry? Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TransitionRecord? Transition);

/// <summary>An event as the timeline shows it; <c>data</c> is the event's own JSON.</summary>
public sealed record EventEntry(string Id, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, JsonElement Data);
