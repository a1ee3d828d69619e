using System.Text.Json;

namespace LifecycleActors.Connectors;

/// <summary>
/// Mapped events in contract §2 form: <c>id</c>, <c>customerId</c>, <c>type</c>, <c>occurredAt</c> (ISO 8601, UTC) and
/// <c>data</c> with <c>orderId</c>, <c>amount</c> and <c>currency</c> (orders) or <c>value</c> (checkouts), as present.
/// Amounts are JSON numbers written from the decimal, so they keep their digits.
/// </summary>
public static class ConnectorEvents
{
    /// <summary>A batch for the events endpoint, as a UTF-8 JSON array.</summary>
    /// <exception cref="ArgumentException">An event has no customer id (resolve it, e.g. from its order, first).</exception>
    public static byte[] ToBatchJson(IReadOnlyList<ConnectorEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (string.IsNullOrEmpty(e.CustomerId))
            {
                throw new ArgumentException($"Event '{e.Id}' has no customer id; resolve it before batching.", nameof(events));
            }
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                Write(writer, e);
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// One event as a JSON object; without <c>customerId</c> when it has none (an event parked until its order's
    /// customer is known). <see cref="FromJson"/> and <see cref="WithCustomer"/> read it back.
    /// </summary>
    public static string ToJson(ConnectorEvent connectorEvent)
    {
        ArgumentNullException.ThrowIfNull(connectorEvent);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, connectorEvent);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads an event written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not such an event.</exception>
    public static ConnectorEvent FromJson(string eventJson)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        try
        {
            using var document = JsonDocument.Parse(eventJson);
            var root = document.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            return new ConnectorEvent(
                root.GetProperty("id").GetString()!,
                root.TryGetProperty("customerId", out var customer) ? customer.GetString() : null,
                root.GetProperty("type").GetString()!,
                Instants.WithOffset(root.GetProperty("occurredAt").GetString()!) ?? throw new FormatException("occurredAt"))
            {
                OrderId = Optional(data, "orderId")?.GetString(),
                Amount = Optional(data, "amount")?.GetDecimal(),
                Currency = Optional(data, "currency")?.GetString(),
                Value = Optional(data, "value")?.GetDecimal(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            throw new FormatException("Not an event written by ConnectorEvents.ToJson.", e);
        }
    }

    /// <summary>A parked event (<see cref="ToJson"/> without customer id) with its customer now known.</summary>
    public static ConnectorEvent WithCustomer(string eventJsonWithoutCustomer, string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return FromJson(eventJsonWithoutCustomer) with { CustomerId = customerId };
    }

    private static JsonElement? Optional(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static void Write(Utf8JsonWriter writer, ConnectorEvent e)
    {
        writer.WriteStartObject();
        writer.WriteString("id", e.Id);
        if (e.CustomerId is not null)
        {
            writer.WriteString("customerId", e.CustomerId);
        }

        writer.WriteString("type", e.Type);
        writer.WriteString("occurredAt", Instants.Format(e.OccurredAt));
        writer.WriteStartObject("data");
        if (e.OrderId is not null)
        {
            writer.WriteString("orderId", e.OrderId);
        }

        if (e.Amount is { } amount)
        {
            writer.WriteNumber("amount", amount);
        }

        if (e.Currency is not null)
        {
            writer.WriteString("currency", e.Currency);
        }

        if (e.Value is { } value)
        {
            writer.WriteNumber("value", value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
