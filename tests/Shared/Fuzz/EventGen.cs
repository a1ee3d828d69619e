using CsCheck;

namespace LifecycleActors.Tests.Fuzz;

/// <summary>Events for the fuzz tests: known-valid ones, and hostile ones built field by field.</summary>
internal static class EventGen
{
    /// <summary>The instant generated times are relative to: the parser tests' clock (the HTTP tests' real clock is later).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static readonly string[] Types =
    [
        "visit", "order_placed", "order_refunded", "review_submitted", "nps_response", "referral_made", "customer_registered",
        "ORDER_PLACED", "order placed", "",
    ];

    /// <summary>A valid order the parse must keep unchanged, whatever surrounds it.</summary>
    public static readonly Gen<ValidOrder> Valid =
        Gen.Select(Gen.Int[0, 999_999], Gen.Int[1, 99_999], Gen.Int[0, 10_000_000], Gen.Int[0, 24 * 60 * 365 * 20])
            .Select((n, customer, cents, minutesBack) => new ValidOrder(
                $"valid-{n}", $"c-{customer}", Now.AddMinutes(-minutesBack).ToOffset(TimeSpan.FromHours(customer % 3 - 1)), cents / 100m));

    private static readonly Gen<string> OccurredAt = Gen.Frequency(
        (3, Gen.OneOf(
            "\"2026-11-23T10:00:00Z\"", "\"2026-11-23T10:00:00\"", "\"2026-11-23T10:00:00+01:00\"", "\"2999-01-01T00:00:00Z\"",
            "\"1999-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59+14:00\"",
            "\"2026-11-23T12:04:59Z\"", "\"2026-11-23T12:05:01Z\"", "\"2026-11-23 10:00:00Z\"", "\"2026-11-23T10:00:00\\u005A\"",
            "1732356000", "\"2026-11-23T10:00:00.1234567890123Z\"", "\"2026-11-23T10:00:00-24:00\"")),
        (1, HostileJson.Value(1)));

    private static readonly Gen<string> Data = Gen.Frequency(
        (3, Gen.Select(Field("orderId", Gen.Frequency((2, Gen.Const("\"o-1\"")), (1, HostileJson.Value(1)))), Field("amount", HostileJson.Number))
            .Select((a, b) => HostileJson.Object([.. a, .. b]))),
        (2, Gen.Select(Gen.OneOf("rating", "score", "value", "satisfaction", "referredCustomerId", "amount", "orderId"), HostileJson.Value(2))
            .Array[0, 4].Select(HostileJson.Object)),
        (1, HostileJson.Value(2)));

    /// <summary>A well-formed element (nesting within the reader's limit) that is almost always invalid.</summary>
    public static readonly Gen<string> Hostile = Gen.Frequency(
        (8, Gen.Select(
                Field("id", Gen.Frequency((2, Gen.Int.Select(i => $"\"h-{i}\"")), (1, HostileJson.Value(1)))),
                Field("customerId", Gen.Frequency((2, Gen.Const("\"c-1\"")), (1, HostileJson.Value(1)))),
                Field("type", Gen.Frequency((2, Gen.OneOf(Types).Select(HostileJson.Quote)), (1, HostileJson.Value(1)))),
                Field("occurredAt", OccurredAt),
                Field("data", Data),
                Gen.Select(HostileJson.Text, HostileJson.Value(1)).Array[0, 2])
            .SelectMany((id, customer, type, at, data, extra) =>
                Gen.Shuffle(new List<(string, string)>([.. id, .. customer, .. type, .. at, .. data, .. extra])))
            .Select(HostileJson.Object)),
        (1, HostileJson.Value(2)),
        (1, Gen.Int[1, 60].Select(depth => HostileJson.Deep(depth, objects: depth % 2 == 0))));

    /// <summary>A property that is absent, present once, or present twice (duplicate keys).</summary>
    private static Gen<(string Name, string Json)[]> Field(string name, Gen<string> value) =>
        Gen.Frequency(
            (1, Gen.Const(Array.Empty<(string, string)>())),
            (6, value.Select(v => new[] { (name, v) })),
            (1, Gen.Select(value, value).Select((a, b) => new[] { (name, a), (name, b) })));
}

internal sealed record ValidOrder(string Id, string CustomerId, DateTimeOffset OccurredAt, decimal Amount)
{
    public string Json =>
        $$$"""{"id":"{{{Id}}}","customerId":"{{{CustomerId}}}","type":"order_placed","occurredAt":"{{{OccurredAt:yyyy-MM-ddTHH:mm:ssK}}}","data":{"orderId":"o-{{{Id}}}","amount":{{{Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}""";
}
