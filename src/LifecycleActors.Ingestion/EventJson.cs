using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion;

/// <summary>
/// Writes <see cref="CustomerEvent"/>s in the contract §2 wire shape, for load generators and tests. The data object
/// carries the fields of the event's type (null ones omitted); <see cref="EventBatchParser"/> reads them back equal.
/// </summary>
public static class EventJson
{
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText CustomerIdName = JsonEncodedText.Encode("customerId");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText OccurredAtName = JsonEncodedText.Encode("occurredAt");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText OrderIdName = JsonEncodedText.Encode("orderId");
    private static readonly JsonEncodedText AmountName = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText RatingName = JsonEncodedText.Encode("rating");
    private static readonly JsonEncodedText ScoreName = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText ReferredCustomerIdName = JsonEncodedText.Encode("referredCustomerId");

    /// <summary>Writes one event object.</summary>
    /// <param name="extraDataJson">
    /// A JSON object whose properties are appended to <c>data</c> (e.g. <c>{"currency":"EUR"}</c>); a property the
    /// event already writes is skipped, so the rule fields always come from <paramref name="e"/>.
    /// </param>
    public static void Write(Utf8JsonWriter writer, CustomerEvent e, string? extraDataJson = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);

        writer.WriteStartObject();
        writer.WriteString(IdName, e.Id);
        writer.WriteString(CustomerIdName, e.CustomerId);
        writer.WriteString(TypeName, e.Type.ToWireName());
        WriteOccurredAt(writer, e.OccurredAt);
        writer.WriteStartObject(DataName);
        WriteRuleFields(writer, e);
        if (extraDataJson is not null)
        {
            WriteExtraData(writer, e, extraDataJson);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One event as UTF-8 JSON.</summary>
    public static byte[] Serialize(CustomerEvent e, string? extraDataJson = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, e, extraDataJson);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A batch body: a JSON array of the events, as UTF-8.</summary>
    public static byte[] WriteBatch(IEnumerable<CustomerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);

        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                Write(writer, e);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOccurredAt(Utf8JsonWriter writer, DateTimeOffset occurredAt)
    {
        // Written raw because the default encoder would turn the offset's '+' into \u002B: legal, but unreadable.
        // The "O" format only yields digits, '-', ':', '.', 'T' and '+', none of which needs escaping.
        Span<byte> quoted = stackalloc byte[64];
        quoted[0] = (byte)'"';
        occurredAt.TryFormat(quoted[1..], out var written, "O", CultureInfo.InvariantCulture);
        quoted[written + 1] = (byte)'"';
        writer.WritePropertyName(OccurredAtName);
        writer.WriteRawValue(quoted[..(written + 2)], skipInputValidation: true);
    }

    private static void WriteRuleFields(Utf8JsonWriter writer, CustomerEvent e)
    {
        switch (e.Type)
        {
            case EventType.OrderPlaced or EventType.OrderRefunded:
                if (e.OrderId is not null)
                {
                    writer.WriteString(OrderIdName, e.OrderId);
                }

                writer.WriteNumber(AmountName, e.Amount);
                break;
            case EventType.ReviewSubmitted when e.Rating is { } rating:
                writer.WriteNumber(RatingName, rating);
                break;
            case EventType.NpsResponse when e.Score is { } score:
                writer.WriteNumber(ScoreName, score);
                break;
            case EventType.ReferralMade when e.ReferredCustomerId is not null:
                writer.WriteString(ReferredCustomerIdName, e.ReferredCustomerId);
                break;
            case EventType.Identify when e.LinkedCustomerId is not null:
                // data.customerId: the known customer the anonymous top-level customerId is linked to.
                writer.WriteString(CustomerIdName, e.LinkedCustomerId);
                break;
            default:
                break;
        }
    }

    private static void WriteExtraData(Utf8JsonWriter writer, CustomerEvent e, string extraDataJson)
    {
        using var extra = JsonDocument.Parse(extraDataJson);
        if (extra.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("extra data must be a JSON object", nameof(extraDataJson));
        }

        foreach (var property in extra.RootElement.EnumerateObject())
        {
            if (!IsRuleField(e.Type, property))
            {
                property.WriteTo(writer);
            }
        }
    }

    private static bool IsRuleField(EventType type, JsonProperty property) => type switch
    {
        EventType.OrderPlaced or EventType.OrderRefunded => property.NameEquals("orderId"u8) || property.NameEquals("amount"u8),
        EventType.ReviewSubmitted => property.NameEquals("rating"u8),
        EventType.NpsResponse => property.NameEquals("score"u8),
        EventType.ReferralMade => property.NameEquals("referredCustomerId"u8),
        EventType.Identify => property.NameEquals("customerId"u8),
        _ => false,
    };
}
