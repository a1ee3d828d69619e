namespace LifecycleActors.Ingestion.Tests;

public sealed class IdentityFieldTests
{
    [Theory]
    [InlineData("""{ "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""")]
    [InlineData("""{ "id": null, "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""")]
    [InlineData("""{ "id": "", "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""")]
    public void A_missing_or_empty_id_is_rejected(string json)
    {
        var rejected = Assert.IsType<RejectedEvent>(Batches.One(json));

        Assert.Null(rejected.Id);
        Assert.Equal("id: required, 1..128 characters", rejected.Error);
    }

    [Fact]
    public void An_id_that_is_not_a_string_is_rejected()
    {
        var error = Batches.Rejected("""{ "id": 17, "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""");

        Assert.Equal("id: must be a string of 1..128 characters", error);
    }

    [Fact]
    public void An_id_of_128_characters_is_accepted_and_129_rejected()
    {
        Assert.Equal(new string('e', 128), Batches.Accepted(WithId(new string('e', 128))).Id);
        Assert.Equal("id: must be 1..128 characters (got 129)", Batches.Rejected(WithId(new string('e', 129))));
    }

    [Fact]
    public void A_customer_id_of_128_characters_is_accepted_and_129_rejected()
    {
        Assert.Equal(new string('c', 128), Batches.Accepted(Batches.Event("visit", customerId: new string('c', 128))).CustomerId);

        var rejected = Assert.IsType<RejectedEvent>(Batches.One(Batches.Event("visit", customerId: new string('c', 129))));
        Assert.Equal("customerId: must be 1..128 characters (got 129)", rejected.Error);
        Assert.Equal("evt-1", rejected.Id);
    }

    [Fact]
    public void Characters_are_counted_as_unicode_scalars_so_an_emoji_counts_once()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 128));

        Assert.Equal(emoji, Batches.Accepted(Batches.Event("visit", customerId: emoji)).CustomerId);
        Assert.Equal(
            "customerId: must be 1..128 characters (got 129)",
            Batches.Rejected(Batches.Event("visit", customerId: emoji + "x")));
    }

    [Theory]
    [InlineData("""{ "id": "e-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""", "customerId: required, 1..128 characters")]
    [InlineData("""{ "id": "e-1", "customerId": "", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""", "customerId: required, 1..128 characters")]
    [InlineData("""{ "id": "e-1", "customerId": 42, "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""", "customerId: must be a string of 1..128 characters")]
    public void A_missing_or_mistyped_customer_id_is_rejected(string json, string error)
    {
        Assert.Equal(error, Batches.Rejected(json));
    }

    [Theory]
    [InlineData("\\u0000")] // NUL
    [InlineData("\\t")]
    [InlineData("\\n")]
    [InlineData("\\u007f")] // DEL
    [InlineData("\\u0085")] // next line, a C1 control
    [InlineData("\\u200b")] // zero-width space, a format character
    [InlineData("\\u202e")] // right-to-left override
    [InlineData("\\ufeff")] // zero-width no-break space
    [InlineData("\\u2028")] // line separator
    [InlineData("\\u2029")] // paragraph separator
    public void A_customer_id_with_a_control_or_invisible_character_is_rejected(string escaped)
    {
        var json = $$"""{ "id": "e-1", "customerId": "c-{{escaped}}1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""";

        Assert.Equal("customerId: must not contain control characters", Batches.Rejected(json));
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00x")]
    [InlineData("\\ud83d\\u0041")]
    public void A_customer_id_with_an_unpaired_surrogate_is_rejected(string escaped)
    {
        var json = $$"""{ "id": "e-1", "customerId": "c-{{escaped}}", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""";

        Assert.Equal("customerId: must not contain unpaired surrogates", Batches.Rejected(json));
    }

    [Theory]
    [InlineData("Zoë Müller")]
    [InlineData("客户-42")]
    [InlineData("c 42 ~!@#$%^&*()")]
    [InlineData("\\u00e9t\\u00e9")]
    public void A_printable_customer_id_in_any_script_is_accepted(string customerId)
    {
        var parsed = Batches.Accepted(Batches.Event("visit", customerId: customerId));

        Assert.Equal(System.Text.Json.JsonSerializer.Deserialize<string>($"\"{customerId}\""), parsed.CustomerId);
    }

    [Fact]
    public void The_id_of_an_event_rejected_for_a_later_field_is_reported()
    {
        var rejected = Assert.IsType<RejectedEvent>(Batches.One(Batches.Event("order_placed", "{}")));

        Assert.Equal("evt-1", rejected.Id);
    }

    private static string WithId(string id) =>
        $$"""{ "id": "{{id}}", "customerId": "c-1", "type": "visit", "occurredAt": "2026-11-23T10:00:00Z" }""";
}
