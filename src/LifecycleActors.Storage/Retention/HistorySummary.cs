using System.Text.Json;
using System.Text.Json.Serialization;
using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Storage.Retention;

/// <summary>
/// What a customer's log keeps of the entries that retention removed (ADR 0017): one entry of type
/// <see cref="Type"/> in their place, holding only what the KPIs are computed from (orders and refunds by order id,
/// instant and amount; NPS answers by instant and score; the first event's instant as the entry's occurredAt) and how
/// many events it stands for. The customer's state does not need it: its snapshot already holds them (ADR 0003).
/// </summary>
public sealed record HistorySummary(
    [property: JsonPropertyName("before")] DateTimeOffset Before,
    [property: JsonPropertyName("events")] int Events,
    [property: JsonPropertyName("orders")] IReadOnlyList<SummarisedAmount> Orders,
    [property: JsonPropertyName("refunds")] IReadOnlyList<SummarisedAmount> Refunds,
    [property: JsonPropertyName("nps")] IReadOnlyList<SummarisedScore> Nps)
{
    /// <summary>The log entry type of a summary; never an event type a client can send.</summary>
    public const string Type = "history_summary";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The summary of <paramref name="removed"/> entries together with the <paramref name="earlier"/> summaries of
    /// the same log id (there is one at most; should there be more, they are merged too).
    /// </summary>
    public static HistorySummary Of(IEnumerable<HistorySummary> earlier, IEnumerable<SummarisedEntry> removed, DateTimeOffset before)
    {
        var entries = removed.ToList();
        var summaries = earlier.ToList();
        return new HistorySummary(
            summaries.Select(s => s.Before).Append(before).Max(),
            summaries.Sum(s => s.Events) + entries.Count,
            [.. summaries.SelectMany(s => s.Orders), .. entries.Where(e => e.Type == "order_placed").Select(e => new SummarisedAmount(e.OrderId, e.OccurredAt, e.Amount))],
            [.. summaries.SelectMany(s => s.Refunds), .. entries.Where(e => e.Type == "order_refunded").Select(e => new SummarisedAmount(e.OrderId, e.OccurredAt, e.Amount))],
            [.. summaries.SelectMany(s => s.Nps), .. entries.Where(e => e.Type == "nps_response").Select(e => new SummarisedScore(e.OccurredAt, e.Value))]);
    }

    public static HistorySummary Read(string json) =>
        JsonSerializer.Deserialize<HistorySummary>(json, Json) ?? throw new InvalidDataException("a history summary is null");

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>Its orders as the KPIs read them, for <paramref name="customer"/>.</summary>
    public IEnumerable<KpiOrder> KpiOrders(string customer) => Orders.Select(o => new KpiOrder(customer, o.OrderId, o.At, o.Amount));

    public IEnumerable<KpiRefund> KpiRefunds(string customer) => Refunds.Select(r => new KpiRefund(customer, r.OrderId, r.At, r.Amount));

    public IEnumerable<KpiNpsResponse> KpiNpsResponses(string customer) => Nps.Select(n => new KpiNpsResponse(customer, n.At, n.Score));
}

/// <summary>An order or a refund kept by a summary.</summary>
public sealed record SummarisedAmount(
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("amount")] decimal Amount);

/// <summary>An NPS answer kept by a summary.</summary>
public sealed record SummarisedScore(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("score")] int Score);

/// <summary>A log entry as retention reads it: what a summary keeps of it.</summary>
public sealed record SummarisedEntry(string Type, DateTimeOffset OccurredAt, string OrderId, decimal Amount, int Value);
