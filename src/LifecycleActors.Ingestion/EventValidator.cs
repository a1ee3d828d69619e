using System.Text.Json;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion;

/// <summary>Validates one batch element against contract §2; an instance serves one batch and is not thread-safe.</summary>
internal sealed class EventValidator(DateTimeOffset wallClock) : IDisposable
{
    private const string EmptyData = "{}";
    private const int MaxEchoedTypeLength = 64;

    private static readonly string ExpectedTypes = string.Join(", ", WireNamesInDeclarationOrder());

    private readonly CompactJsonWriter _dataWriter = new();

    public BatchElement Validate(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new RejectedEvent(index, null, "event: must be a JSON object");
        }

        var duplicate = Capture(element, out var idValue, out var customerIdValue, out var typeValue, out var occurredAtValue, out var data);
        if (duplicate is not null)
        {
            return new RejectedEvent(index, null, $"{duplicate}: duplicate property");
        }

        var error = TextRule.Read(idValue, "id", printable: false, "id: required, 1..128 characters", out var id);
        if (error is not null)
        {
            return new RejectedEvent(index, null, error);
        }

        error = TextRule.Read(customerIdValue, "customerId", printable: true, "customerId: required, 1..128 characters", out var customerId);
        if (error is not null)
        {
            return new RejectedEvent(index, id, error);
        }

        error = ReadType(typeValue, out var type);
        if (error is not null)
        {
            return new RejectedEvent(index, id, error);
        }

        error = OccurredAtRule.Read(occurredAtValue, wallClock, out var occurredAt);
        if (error is not null)
        {
            return new RejectedEvent(index, id, error);
        }

        if (data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            return new RejectedEvent(index, id, "data: must be an object");
        }

        error = DataRule.Read(data, type, customerId, out var fields);
        if (error is not null)
        {
            return new RejectedEvent(index, id, error);
        }

        var dataJson = EmptyData;
        if (data.ValueKind == JsonValueKind.Object && !_dataWriter.TryWrite(data, out dataJson))
        {
            return new RejectedEvent(index, id, "data: must not contain unpaired surrogates");
        }

        return new ParsedEvent(index, id, customerId, type, occurredAt, dataJson)
        {
            OrderId = fields.OrderId,
            Amount = fields.Amount,
            Rating = fields.Rating,
            Score = fields.Score,
            ReferredCustomerId = fields.ReferredCustomerId,
            LinkedCustomerId = fields.LinkedCustomerId,
        };
    }

    public void Dispose() => _dataWriter.Dispose();

    /// <summary>Picks the known fields in one pass over the object; other top-level fields are ignored.</summary>
    /// <returns>The name of a known field that occurs twice, or null.</returns>
    private static string? Capture(
        JsonElement element,
        out JsonElement id,
        out JsonElement customerId,
        out JsonElement type,
        out JsonElement occurredAt,
        out JsonElement data)
    {
        id = customerId = type = occurredAt = data = default;
        foreach (var property in element.EnumerateObject())
        {
            var duplicate =
                JsonValues.NameIs(property, "id"u8) ? Set(ref id, property.Value, "id")
                : JsonValues.NameIs(property, "customerId"u8) ? Set(ref customerId, property.Value, "customerId")
                : JsonValues.NameIs(property, "type"u8) ? Set(ref type, property.Value, "type")
                : JsonValues.NameIs(property, "occurredAt"u8) ? Set(ref occurredAt, property.Value, "occurredAt")
                : JsonValues.NameIs(property, "data"u8) ? Set(ref data, property.Value, "data")
                : null;
            if (duplicate is not null)
            {
                return duplicate;
            }
        }

        // A null data is the same as none; from here on, absent means Undefined.
        if (data.ValueKind == JsonValueKind.Null)
        {
            data = default;
        }

        return null;
    }

    private static string? Set(ref JsonElement slot, JsonElement value, string name)
    {
        if (slot.ValueKind != JsonValueKind.Undefined)
        {
            return name;
        }

        slot = value;
        return null;
    }

    private static string? ReadType(JsonElement value, out EventType type)
    {
        type = default;
        if (JsonValues.IsAbsent(value))
        {
            return $"type: required, one of {ExpectedTypes}";
        }

        if (value.ValueKind != JsonValueKind.String || !JsonValues.TryGetString(value, out var name))
        {
            return $"type: must be a string, one of {ExpectedTypes}";
        }

        if (EventTypes.TryParse(name, out type))
        {
            return null;
        }

        // The message may end up in logs and terminals: echo only printable text, and not too much of it.
        if (!TextRule.IsPrintable(name))
        {
            return $"type: unknown type; expected one of {ExpectedTypes}";
        }

        return $"type: unknown type '{Shorten(name)}'; expected one of {ExpectedTypes}";
    }

    private static string Shorten(string text)
    {
        if (text.Length <= MaxEchoedTypeLength)
        {
            return text;
        }

        // Never cut a surrogate pair in half: a JSON writer would refuse the message.
        var length = char.IsHighSurrogate(text[MaxEchoedTypeLength - 1]) ? MaxEchoedTypeLength - 1 : MaxEchoedTypeLength;
        return string.Concat(text.AsSpan(0, length), "…");
    }

    private static IEnumerable<string> WireNamesInDeclarationOrder()
    {
        foreach (var type in Enum.GetValues<EventType>())
        {
            yield return type.ToWireName();
        }
    }
}
