using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion.Tests;

/// <summary>The <c>identify</c> event (contract §2, Identity): sent under the anonymous id, naming the known customer.</summary>
public sealed class IdentifyDataTests
{
    [Fact]
    public void An_identify_under_an_anonymous_id_names_the_customer_it_links_to()
    {
        var parsed = Batches.Accepted(Batches.Event("identify", """{ "customerId": "c-42", "userHash": "ab12" }""", customerId: "anon-7f3a"));

        Assert.Equal((EventType.Identify, "anon-7f3a", "c-42"), (parsed.Type, parsed.CustomerId, parsed.LinkedCustomerId));
        Assert.Equal("""{"customerId":"c-42","userHash":"ab12"}""", parsed.DataJson);
    }

    [Fact]
    public void The_server_api_needs_no_user_hash()
    {
        Assert.Equal("c-42", Batches.Accepted(Batches.Event("identify", """{ "customerId": "c-42" }""", customerId: "anon-1")).LinkedCustomerId);
    }

    [Theory]
    [InlineData(null, "data.customerId: required for identify")]
    [InlineData("""{ }""", "data.customerId: required for identify")]
    [InlineData("""{ "customerId": "" }""", "data.customerId: required for identify")]
    [InlineData("""{ "customerId": 42 }""", "data.customerId: must be a string of 1..128 characters")]
    [InlineData("""{ "customerId": "c-1", "customerId": "c-2" }""", "data.customerId: duplicate property")]
    [InlineData("""{ "customerId": "c-\u200b1" }""", "data.customerId: must not contain control characters")]
    [InlineData("""{ "customerId": "anon-2" }""", "data.customerId: must be a known customer id, not an anonymous one (anon-…)")]
    [InlineData("""{ "customerId": "c-1", "userHash": 17 }""", "data.userHash: must be a string")]
    public void A_missing_or_unusable_customer_is_rejected_naming_the_field(string? data, string error)
    {
        Assert.Equal(error, Batches.Rejected(Batches.Event("identify", data, customerId: "anon-1")));
    }

    [Fact]
    public void An_identify_under_a_known_customer_id_is_rejected()
    {
        Assert.Equal(
            "customerId: an identify is sent under the anonymous visitor id (anon-…)",
            Batches.Rejected(Batches.Event("identify", """{ "customerId": "c-42" }""", customerId: "c-42")));
    }

    [Fact]
    public void Other_events_may_be_sent_under_anonymous_ids()
    {
        Assert.Equal("anon-1", Batches.Accepted(Batches.Event("cart_updated", """{ "value": 12.5 }""", customerId: "anon-1")).CustomerId);
    }
}
