namespace LifecycleActors.Ingestion.Tests;

public sealed class OrderDataTests
{
    [Fact]
    public void An_order_carries_its_order_id_and_amount()
    {
        var parsed = Batches.Accepted(Batches.Order("""{ "orderId": "o-9", "amount": 59.90 }"""));

        Assert.Equal("o-9", parsed.OrderId);
        Assert.Equal(59.90m, parsed.Amount);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("-0")]
    public void An_order_of_zero_is_accepted(string amount)
    {
        Assert.Equal(0m, Batches.Accepted(Batches.Order($$"""{ "orderId": "o-9", "amount": {{amount}} }""")).Amount);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("-100")]
    [InlineData("\"12\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void An_order_amount_that_is_negative_or_not_a_number_is_rejected(string amount)
    {
        Assert.Equal("data.amount: must be a number >= 0", Batches.Rejected(Batches.Order($$"""{ "orderId": "o-9", "amount": {{amount}} }""")));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("1e29")]
    [InlineData("-1e400")]
    public void An_amount_beyond_the_decimal_range_is_rejected(string amount)
    {
        var error = Batches.Rejected(Batches.Order($$"""{ "orderId": "o-9", "amount": {{amount}} }"""));

        Assert.StartsWith("data.amount: number out of range", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Amounts_are_exact_decimals()
    {
        var parsed = Batches.Accepted(Batches.Order("""{ "orderId": "o-9", "amount": 0.1 }"""));

        Assert.Equal(0.1m, parsed.Amount);
        Assert.Equal(12345678901234567.89m, Batches.Accepted(Batches.Order("""{ "orderId": "o-9", "amount": 12345678901234567.89 }""")).Amount);
    }

    [Theory]
    [InlineData("order_placed", """{ "amount": 10 }""", "data.orderId: required for order_placed")]
    [InlineData("order_placed", """{ "orderId": null, "amount": 10 }""", "data.orderId: required for order_placed")]
    [InlineData("order_placed", """{ "orderId": "", "amount": 10 }""", "data.orderId: required for order_placed")]
    [InlineData("order_placed", """{ "orderId": "o-9" }""", "data.amount: required for order_placed")]
    [InlineData("order_placed", """{ "orderId": "o-9", "amount": null }""", "data.amount: required for order_placed")]
    [InlineData("order_placed", null, "data.orderId: required for order_placed")]
    [InlineData("order_placed", "null", "data.orderId: required for order_placed")]
    [InlineData("order_placed", "{}", "data.orderId: required for order_placed")]
    [InlineData("order_refunded", """{ "amount": 10 }""", "data.orderId: required for order_refunded")]
    [InlineData("order_refunded", """{ "orderId": "o-9" }""", "data.amount: required for order_refunded")]
    public void Order_fields_are_required(string type, string? data, string error)
    {
        Assert.Equal(error, Batches.Rejected(Batches.Event(type, data)));
    }

    [Theory]
    [InlineData("42", "data.orderId: must be a string of 1..128 characters")]
    [InlineData("\"o-\\u0007\"", "data.orderId: must not contain control characters")]
    [InlineData("\"o-\\ud800\"", "data.orderId: must not contain unpaired surrogates")]
    public void An_order_id_follows_the_customer_id_rule(string orderId, string error)
    {
        Assert.Equal(error, Batches.Rejected(Batches.Order($$"""{ "orderId": {{orderId}}, "amount": 1 }""")));
    }

    [Fact]
    public void An_order_id_of_128_characters_is_accepted_and_129_rejected()
    {
        Assert.Equal(new string('o', 128), Batches.Accepted(Batches.Order($$"""{ "orderId": "{{new string('o', 128)}}", "amount": 1 }""")).OrderId);
        Assert.Equal(
            "data.orderId: must be 1..128 characters (got 129)",
            Batches.Rejected(Batches.Order($$"""{ "orderId": "{{new string('o', 129)}}", "amount": 1 }""")));
    }

    [Fact]
    public void A_refund_carries_its_order_id_and_amount()
    {
        var parsed = Batches.Accepted(Batches.Event("order_refunded", """{ "orderId": "o-9", "amount": 0.01 }"""));

        Assert.Equal("o-9", parsed.OrderId);
        Assert.Equal(0.01m, parsed.Amount);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1e-30")]
    public void A_refund_of_zero_or_less_is_rejected(string amount)
    {
        Assert.Equal("data.amount: must be > 0", Batches.Rejected(Batches.Event("order_refunded", $$"""{ "orderId": "o-9", "amount": {{amount}} }""")));
    }

    [Fact]
    public void A_refund_amount_that_is_not_a_number_is_rejected()
    {
        Assert.Equal(
            "data.amount: must be a number > 0",
            Batches.Rejected(Batches.Event("order_refunded", """{ "orderId": "o-9", "amount": "12" }""")));
    }

    [Fact]
    public void A_rule_field_given_twice_is_rejected_as_ambiguous()
    {
        Assert.Equal("data.amount: duplicate property", Batches.Rejected(Batches.Order("""{ "orderId": "o-9", "amount": 1, "amount": 1000 }""")));
    }
}
