using System.Text;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion.Tests;

public sealed class BatchOutcomeTests
{
    private const string Valid = """{ "id": "e-1", "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""";

    [Theory]
    [InlineData("[{")]
    [InlineData("[1,]")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1] [2]")]
    [InlineData("[\"a\u0001\"]")]
    public void A_body_that_is_not_json_fails_the_whole_batch(string body)
    {
        var result = Batches.Parse(body);

        Assert.Equal(BatchOutcome.InvalidJson, result.Outcome);
        Assert.True(result.IsBatchError);
        Assert.StartsWith("body: not valid JSON (", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Elements);
    }

    [Fact]
    public void The_json_error_says_where_the_body_broke()
    {
        var result = Batches.Parse("[\n  {\"id\": }\n]");

        Assert.StartsWith("body: not valid JSON (line 2, byte ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_with_invalid_utf8_is_not_valid_json()
    {
        byte[] body = [.. "[\""u8, 0xFF, .. "\"]"u8];

        var result = EventBatchParser.Parse(body, Batches.Now);

        Assert.Equal(BatchOutcome.InvalidJson, result.Outcome);
        Assert.Equal("body: not valid JSON (invalid UTF-8 at byte offset 2)", result.Error);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_ignored()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"[{Valid}]")];

        var result = EventBatchParser.Parse(body, Batches.Now);

        Assert.Equal(BatchOutcome.Parsed, result.Outcome);
        Assert.Single(result.Events);
    }

    [Theory]
    [InlineData(Valid)]
    [InlineData("\"events\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{\"events\": []}")]
    public void Valid_json_that_is_not_an_array_fails_the_whole_batch(string body)
    {
        var result = Batches.Parse(body);

        Assert.Equal(BatchOutcome.NotAnArray, result.Outcome);
        Assert.Equal("body: must be a JSON array of events", result.Error);
    }

    [Fact]
    public void An_empty_array_fails_the_whole_batch()
    {
        var result = Batches.Parse(" [ ] ");

        Assert.Equal(BatchOutcome.Empty, result.Outcome);
        Assert.Equal("body: must contain 1..1000 events", result.Error);
    }

    [Fact]
    public void One_thousand_events_are_accepted()
    {
        var result = Batches.Parse(Body(1000));

        Assert.Equal(BatchOutcome.Parsed, result.Outcome);
        Assert.Null(result.Error);
        Assert.Equal(1000, result.EventCount);
        Assert.Equal(1000, result.Events.Count);
        Assert.Empty(result.Rejected);
    }

    [Fact]
    public void More_than_one_thousand_events_are_too_many_and_counted()
    {
        var result = Batches.Parse(Body(1001));

        Assert.Equal(BatchOutcome.TooManyEvents, result.Outcome);
        Assert.Equal(1001, result.EventCount);
        Assert.Equal("body: too many events (1001); must contain 1..1000 events", result.Error);
        Assert.Empty(result.Elements);
    }

    [Fact]
    public void The_batch_limit_can_be_lowered()
    {
        Assert.Equal(BatchOutcome.Parsed, Batches.Parse(Body(3), maxEvents: 3).Outcome);
        Assert.Equal(BatchOutcome.TooManyEvents, Batches.Parse(Body(4), maxEvents: 3).Outcome);
        Assert.Equal("body: must contain 1..3 events", Batches.Parse("[]", maxEvents: 3).Error);
    }

    [Fact]
    public void A_batch_limit_below_one_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Batches.Parse(Body(1), maxEvents: 0));
    }

    [Fact]
    public void Valid_events_next_to_invalid_ones_are_kept_with_their_indexes()
    {
        var body = $$"""
            [
              {{Valid.Replace("e-1", "e-0", StringComparison.Ordinal)}},
              { "id": "e-1", "customerId": "c-1", "type": "foo", "occurredAt": "2026-11-23T10:00:00Z" },
              42,
              {{Valid.Replace("e-1", "e-3", StringComparison.Ordinal)}},
              { "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }
            ]
            """;

        var result = Batches.Parse(body);

        Assert.Equal(BatchOutcome.Parsed, result.Outcome);
        Assert.Equal([0, 1, 2, 3, 4], result.Elements.Select(e => e.Index));
        Assert.Equal([(0, "e-0"), (3, "e-3")], result.Events.Select(e => (e.Index, e.Id)));
        Assert.Equal([(1, "e-1"), (2, null), (4, null)], result.Rejected.Select(r => (r.Index, r.Id)));
        Assert.IsType<ParsedEvent>(result.Elements[0]);
        Assert.IsType<RejectedEvent>(result.Elements[1]);
        Assert.IsType<ParsedEvent>(result.Elements[3]);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"evt-1\"")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("true")]
    public void An_element_that_is_not_an_object_is_rejected(string element)
    {
        var rejected = Assert.IsType<RejectedEvent>(Batches.One(element));

        Assert.Equal(0, rejected.Index);
        Assert.Null(rejected.Id);
        Assert.Equal("event: must be a JSON object", rejected.Error);
    }

    [Fact]
    public void Unknown_top_level_fields_are_ignored()
    {
        var parsed = Batches.Accepted("""{ "id": "e-1", "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z", "source": "web" }""");

        Assert.Equal(EventType.Visit, parsed.Type);
    }

    [Fact]
    public void A_field_given_twice_is_rejected_as_ambiguous()
    {
        var error = Batches.Rejected("""{ "id": "e-1", "customerId": "c-1", "customerId": "c-2", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""");

        Assert.Equal("customerId: duplicate property", error);
    }

    private static string Body(int events) =>
        "[" + string.Join(",", Enumerable.Range(0, events).Select(i => Valid.Replace("e-1", $"e-{i}", StringComparison.Ordinal))) + "]";
}
