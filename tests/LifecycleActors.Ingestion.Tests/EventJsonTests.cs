using System.Text;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion.Tests;

public sealed class EventJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<EventType> AllTypes => [.. Enum.GetValues<EventType>()];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_event_type_survives_a_round_trip(EventType type)
    {
        var original = Sample(type, 0);

        var parsed = Assert.Single(EventBatchParser.Parse(EventJson.WriteBatch([original]), Batches.Now).Events);

        Assert.Equal(original, parsed.ToCustomerEvent());
    }

    [Fact]
    public void A_batch_of_every_type_survives_a_round_trip_in_order()
    {
        var originals = Enum.GetValues<EventType>().Select(type => Sample(type, (int)type)).ToArray();

        var result = EventBatchParser.Parse(EventJson.WriteBatch(originals), Batches.Now);

        Assert.Empty(result.Rejected);
        Assert.Equal(originals, result.Events.Select(e => e.ToCustomerEvent()));
    }

    [Fact]
    public void An_order_is_written_in_the_spec_shape()
    {
        var order = CustomerEvent.Order("evt-000123", "c-42", At, "o-9", 59.90m);

        Assert.Equal(
            """{"id":"evt-000123","customerId":"c-42","type":"order_placed","occurredAt":"2026-11-23T10:00:00.0000000+00:00","data":{"orderId":"o-9","amount":59.90}}""",
            Encoding.UTF8.GetString(EventJson.Serialize(order)));
    }

    [Fact]
    public void Types_without_rule_fields_get_an_empty_data_object()
    {
        var visit = CustomerEvent.Simple("e-1", "c-1", EventType.Visit, At.ToOffset(TimeSpan.FromHours(-5)));

        Assert.Equal(
            """{"id":"e-1","customerId":"c-1","type":"visit","occurredAt":"2026-11-23T05:00:00.0000000-05:00","data":{}}""",
            Encoding.UTF8.GetString(EventJson.Serialize(visit)));
    }

    [Fact]
    public void Extra_data_is_appended_and_survives_parsing()
    {
        var order = CustomerEvent.Order("e-1", "c-1", At, "o-9", 10m);

        var json = EventJson.Serialize(order, """{ "currency": "EUR", "amount": 999, "lines": [1, 2] }""");
        byte[] body = [.. "["u8, .. json, .. "]"u8];
        var parsed = Assert.Single(EventBatchParser.Parse(body, Batches.Now).Events);

        Assert.Equal("""{"orderId":"o-9","amount":10,"currency":"EUR","lines":[1,2]}""", parsed.DataJson);
        Assert.Equal(order, parsed.ToCustomerEvent());
    }

    [Fact]
    public void Extra_data_must_be_an_object()
    {
        var visit = CustomerEvent.Simple("e-1", "c-1", EventType.Visit, At);

        Assert.Throws<ArgumentException>(() => EventJson.Serialize(visit, "[1]"));
    }

    [Fact]
    public void The_offset_written_is_kept_by_the_parser()
    {
        var review = CustomerEvent.Review("e-1", "c-1", At.ToOffset(TimeSpan.FromHours(9)), 4);

        var parsed = Assert.Single(EventBatchParser.Parse(EventJson.WriteBatch([review]), Batches.Now).Events);

        Assert.Equal(TimeSpan.FromHours(9), parsed.OccurredAt.Offset);
        Assert.Equal(review, parsed.ToCustomerEvent());
    }

    private static CustomerEvent Sample(EventType type, int n)
    {
        var id = $"e-{n}";
        var at = At.AddMinutes(n).ToOffset(TimeSpan.FromHours(n % 3));
        return type switch
        {
            EventType.OrderPlaced => CustomerEvent.Order(id, "c-1", at, "o-1", 59.90m),
            EventType.OrderRefunded => CustomerEvent.Refund(id, "c-1", at, "o-1", 0.01m),
            EventType.ReviewSubmitted => CustomerEvent.Review(id, "c-1", at, 5),
            EventType.NpsResponse => CustomerEvent.Nps(id, "c-1", at, 0),
            EventType.ReferralMade => CustomerEvent.Referral(id, "c-1", at, "c-2"),
            EventType.Identify => CustomerEvent.Identify(id, "anon-1", at, "c-1"),
            _ => CustomerEvent.Simple(id, "c-1", type, at),
        };
    }
}
