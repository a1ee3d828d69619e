using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LifecycleActors.Cli.History;

/// <summary>One event of a shop's history, in the contract §2 shape, ready to be replayed through <c>POST /api/v1/events</c>.</summary>
/// <param name="Id">The event id; replaying the same history again yields the same ids, so the service sees duplicates.</param>
/// <param name="Type">The contract §2 type name (<see cref="OrderPlaced"/>, <see cref="OrderRefunded"/>, ...).</param>
/// <param name="OrderId"><c>data.orderId</c> for the order types; null for types without one.</param>
/// <param name="Amount"><c>data.amount</c> for the order types; null for types without one.</param>
/// <param name="Data">
/// The whole <c>data</c> object as it is sent, including <c>orderId</c> and <c>amount</c>; treat it as read-only. Build
/// order events with <see cref="Order"/> so that it agrees with <paramref name="OrderId"/> and <paramref name="Amount"/>.
/// </param>
public sealed record HistoryEvent(string Id, string CustomerId, string Type, DateTimeOffset OccurredAt, string? OrderId, decimal? Amount, JsonObject Data)
{
    public const string OrderPlaced = "order_placed";

    public const string OrderRefunded = "order_refunded";

    // A request body, never HTML: the relaxed encoder keeps non-ASCII text (a country, a description) readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An <see cref="OrderPlaced"/> or <see cref="OrderRefunded"/> event whose data starts with orderId and amount.</summary>
    /// <param name="extraData">More data fields after those two (<c>country</c>, <c>cancellation</c>, ...).</param>
    public static HistoryEvent Order(
        string type, string id, string customerId, DateTimeOffset occurredAt, string orderId, decimal amount, params IEnumerable<KeyValuePair<string, JsonNode?>> extraData)
    {
        var data = new JsonObject { ["orderId"] = orderId, ["amount"] = amount };
        foreach (var (name, value) in extraData)
        {
            data[name] = value;
        }

        return new HistoryEvent(id, customerId, type, occurredAt, orderId, amount, data);
    }

    /// <summary>Writes the contract §2 event object: id, customerId, type, occurredAt (UTC, with a <c>Z</c>) and data.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("id"u8, Id);
        writer.WriteString("customerId"u8, CustomerId);
        writer.WriteString("type"u8, Type);
        writer.WriteString("occurredAt"u8, FormatOccurredAt(OccurredAt));
        writer.WritePropertyName("data"u8);
        Data.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>The event object as compact UTF-8 JSON.</summary>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The event object as one line of compact JSON (an NDJSON line without its newline).</summary>
    public string ToJson() => Encoding.UTF8.GetString(ToUtf8Json());

    /// <summary>ISO-8601 in UTC with a <c>Z</c>, and fractional seconds only when there are any.</summary>
    public static string FormatOccurredAt(DateTimeOffset occurredAt) =>
        occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
