using System.Text;
using LifecycleActors.Tests.Fuzz;

namespace LifecycleActors.Ingestion.Tests;

/// <summary>Builds request bodies and parses them against a fixed service clock.</summary>
internal static class Batches
{
    public static readonly DateTimeOffset Now = EventGen.Now;

    public static BatchParseResult Parse(string body, DateTimeOffset? wallClock = null, int maxEvents = EventBatchParser.DefaultMaxEvents) =>
        EventBatchParser.Parse(Encoding.UTF8.GetBytes(body), wallClock ?? Now, maxEvents);

    /// <summary>Parses a batch of one event and returns its verdict.</summary>
    public static BatchElement One(string eventJson, DateTimeOffset? wallClock = null)
    {
        var result = Parse($"[{eventJson}]", wallClock);
        Assert.Equal(BatchOutcome.Parsed, result.Outcome);
        return Assert.Single(result.Elements);
    }

    public static ParsedEvent Accepted(string eventJson, DateTimeOffset? wallClock = null)
    {
        var element = One(eventJson, wallClock);
        if (element is RejectedEvent rejected)
        {
            Assert.Fail($"expected the event to be accepted, but: {rejected.Error}");
        }

        return Assert.IsType<ParsedEvent>(element);
    }

    public static string Rejected(string eventJson, DateTimeOffset? wallClock = null) =>
        Assert.IsType<RejectedEvent>(One(eventJson, wallClock)).Error;

    /// <summary>An event of the given type with the given <c>data</c> JSON (or none when null).</summary>
    public static string Event(string type, string? data = null, string customerId = "c-42", string occurredAt = "2026-11-23T10:00:00Z")
    {
        var dataPart = data is null ? string.Empty : $""", "data": {data}""";
        return $$"""{ "id": "evt-1", "customerId": "{{customerId}}", "type": "{{type}}", "occurredAt": "{{occurredAt}}"{{dataPart}} }""";
    }

    public static string Order(string data) => Event("order_placed", data);

    public static string At(string occurredAt) => Event("visit", occurredAt: occurredAt);

    /// <summary>A JSON string literal holding <paramref name="value"/>, escaped as a sender would.</summary>
    public static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
