using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion.Tests;

public sealed class EventTypeTests
{
    private const string Expected =
        "visit, signup, cart_updated, checkout_started, order_placed, order_refunded, email_opened, email_clicked, "
        + "review_submitted, referral_made, social_share, nps_response, support_contact, unsubscribed, identify";

    [Theory]
    [InlineData("visit", EventType.Visit)]
    [InlineData("signup", EventType.Signup)]
    [InlineData("cart_updated", EventType.CartUpdated)]
    [InlineData("checkout_started", EventType.CheckoutStarted)]
    [InlineData("email_opened", EventType.EmailOpened)]
    [InlineData("email_clicked", EventType.EmailClicked)]
    [InlineData("social_share", EventType.SocialShare)]
    [InlineData("support_contact", EventType.SupportContact)]
    [InlineData("unsubscribed", EventType.Unsubscribed)]
    public void Types_without_required_data_are_accepted_without_data(string wireName, EventType type)
    {
        var parsed = Batches.Accepted(Batches.Event(wireName));

        Assert.Equal(type, parsed.Type);
        Assert.Equal("{}", parsed.DataJson);
    }

    [Fact]
    public void An_unknown_type_is_rejected_with_the_list_of_known_types()
    {
        Assert.Equal($"type: unknown type 'foo'; expected one of {Expected}", Batches.Rejected(Batches.Event("foo")));
    }

    [Theory]
    [InlineData("Visit")]
    [InlineData("order-placed")]
    [InlineData(" visit")]
    public void Type_names_match_exactly(string wireName)
    {
        Assert.StartsWith($"type: unknown type '{wireName}'", Batches.Rejected(Batches.Event(wireName)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_unknown_type_is_echoed_shortened()
    {
        var error = Batches.Rejected(Batches.Event(new string('x', 1000)));

        Assert.StartsWith($"type: unknown type '{new string('x', 64)}…'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortened_type_never_splits_a_surrogate_pair()
    {
        var error = Batches.Rejected(Batches.Event(new string('x', 63) + string.Concat(Enumerable.Repeat("😀", 10))));

        Assert.StartsWith($"type: unknown type '{new string('x', 63)}…'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_type_with_control_characters_is_not_echoed()
    {
        Assert.Equal($"type: unknown type; expected one of {Expected}", Batches.Rejected(Batches.Event("visit\\n")));
    }

    [Theory]
    [InlineData("""{ "id": "e-1", "customerId": "c-1", "occurredAt": "2026-11-23T10:00:00Z" }""", "type: required, one of ")]
    [InlineData("""{ "id": "e-1", "customerId": "c-1", "type": null, "occurredAt": "2026-11-23T10:00:00Z" }""", "type: required, one of ")]
    [InlineData("""{ "id": "e-1", "customerId": "c-1", "type": 4, "occurredAt": "2026-11-23T10:00:00Z" }""", "type: must be a string, one of ")]
    public void A_missing_or_mistyped_type_is_rejected(string json, string errorStart)
    {
        Assert.Equal(errorStart + Expected, Batches.Rejected(json));
    }
}
