namespace LifecycleActors.Ingestion.Tests;

public sealed class EngagementDataTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void A_rating_from_one_to_five_is_accepted(int rating)
    {
        Assert.Equal(rating, Batches.Accepted(Batches.Event("review_submitted", $$"""{ "rating": {{rating}} }""")).Rating);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("-1")]
    [InlineData("4.5")]
    [InlineData("5.0")]
    [InlineData("\"5\"")]
    [InlineData("99999999999")]
    public void A_rating_outside_one_to_five_or_not_an_integer_is_rejected(string rating)
    {
        Assert.Equal("data.rating: must be an integer 1..5", Batches.Rejected(Batches.Event("review_submitted", $$"""{ "rating": {{rating}} }""")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{ "rating": null }""")]
    public void A_review_needs_a_rating(string? data)
    {
        Assert.Equal("data.rating: required for review_submitted", Batches.Rejected(Batches.Event("review_submitted", data)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void A_score_from_zero_to_ten_is_accepted(int score)
    {
        Assert.Equal(score, Batches.Accepted(Batches.Event("nps_response", $$"""{ "score": {{score}} }""")).Score);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("11")]
    [InlineData("7.5")]
    [InlineData("\"9\"")]
    public void A_score_outside_zero_to_ten_or_not_an_integer_is_rejected(string score)
    {
        Assert.Equal("data.score: must be an integer 0..10", Batches.Rejected(Batches.Event("nps_response", $$"""{ "score": {{score}} }""")));
    }

    [Fact]
    public void An_nps_response_needs_a_score()
    {
        Assert.Equal("data.score: required for nps_response", Batches.Rejected(Batches.Event("nps_response", """{ "comment": "great" }""")));
    }

    [Fact]
    public void A_referral_carries_the_referred_customer()
    {
        Assert.Equal("c-7", Batches.Accepted(Batches.Event("referral_made", """{ "referredCustomerId": "c-7" }""")).ReferredCustomerId);
    }

    [Theory]
    [InlineData(null, "data.referredCustomerId: required for referral_made")]
    [InlineData("""{ "referredCustomerId": "" }""", "data.referredCustomerId: required for referral_made")]
    [InlineData("""{ "referredCustomerId": "c-42" }""", "data.referredCustomerId: must differ from customerId")]
    [InlineData("""{ "referredCustomerId": 7 }""", "data.referredCustomerId: must be a string of 1..128 characters")]
    [InlineData("""{ "referredCustomerId": "c-\n7" }""", "data.referredCustomerId: must not contain control characters")]
    public void A_referral_needs_another_valid_customer(string? data, string error)
    {
        Assert.Equal(error, Batches.Rejected(Batches.Event("referral_made", data, customerId: "c-42")));
    }

    [Fact]
    public void A_referral_of_a_customer_id_differing_only_in_case_is_accepted()
    {
        Batches.Accepted(Batches.Event("referral_made", """{ "referredCustomerId": "C-42" }""", customerId: "c-42"));
    }

    [Theory]
    [InlineData("cart_updated", null)]
    [InlineData("cart_updated", """{ "value": 0 }""")]
    [InlineData("cart_updated", """{ "value": 129.5 }""")]
    [InlineData("cart_updated", """{ "value": null }""")]
    [InlineData("checkout_started", """{ "value": 0 }""")]
    [InlineData("checkout_started", "{}")]
    public void A_cart_value_is_optional_and_zero_or_more(string type, string? data)
    {
        Batches.Accepted(Batches.Event(type, data));
    }

    [Theory]
    [InlineData("cart_updated", "-0.01")]
    [InlineData("cart_updated", "\"3\"")]
    [InlineData("checkout_started", "-1")]
    [InlineData("checkout_started", "[]")]
    public void A_negative_or_mistyped_cart_value_is_rejected(string type, string value)
    {
        Assert.Equal("data.value: must be a number >= 0", Batches.Rejected(Batches.Event(type, $$"""{ "value": {{value}} }""")));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("5")]
    [InlineData("null")]
    public void A_satisfaction_from_one_to_five_is_accepted(string satisfaction)
    {
        Batches.Accepted(Batches.Event("support_contact", $$"""{ "satisfaction": {{satisfaction}} }"""));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("\"4\"")]
    public void A_satisfaction_outside_one_to_five_is_rejected(string satisfaction)
    {
        Assert.Equal(
            "data.satisfaction: must be an integer 1..5",
            Batches.Rejected(Batches.Event("support_contact", $$"""{ "satisfaction": {{satisfaction}} }""")));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"orderId=o-9\"")]
    [InlineData("42")]
    [InlineData("true")]
    public void Data_that_is_not_an_object_is_rejected(string data)
    {
        Assert.Equal("data: must be an object", Batches.Rejected(Batches.Event("visit", data)));
    }

    [Fact]
    public void Fields_of_other_types_are_not_checked()
    {
        var parsed = Batches.Accepted(Batches.Event("visit", """{ "rating": 99, "amount": "n/a" }"""));

        Assert.Null(parsed.Rating);
        Assert.Equal(0m, parsed.Amount);
    }
}
