namespace LifecycleActors.Ingestion.Tests;

public sealed class DataJsonTests
{
    [Fact]
    public void Extra_data_fields_are_kept_compactly_in_their_original_order()
    {
        var parsed = Batches.Accepted(Batches.Order("""
            {
              "currency": "EUR",
              "orderId": "o-9",
              "amount": 59.90,
              "items": [ { "sku": "A-1", "qty": 2 }, { "sku": "B-2", "qty": 1, "gift": true } ],
              "coupon": null
            }
            """));

        Assert.Equal(
            """{"currency":"EUR","orderId":"o-9","amount":59.90,"items":[{"sku":"A-1","qty":2},{"sku":"B-2","qty":1,"gift":true}],"coupon":null}""",
            parsed.DataJson);
    }

    [Fact]
    public void Numbers_keep_their_written_form()
    {
        var parsed = Batches.Accepted(Batches.Event("visit", """{ "a": 1.50, "b": 2e3, "c": -0, "d": 12345678901234567890123 }"""));

        Assert.Equal("""{"a":1.50,"b":2e3,"c":-0,"d":12345678901234567890123}""", parsed.DataJson);
    }

    [Fact]
    public void Non_ascii_text_stays_readable()
    {
        var parsed = Batches.Accepted(Batches.Event("signup", """{ "channel": "Zoë's <newsletter> & más" }"""));

        Assert.Equal("""{"channel":"Zoë's <newsletter> & más"}""", parsed.DataJson);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void Absent_or_null_data_is_an_empty_object(string? data)
    {
        Assert.Equal("{}", Batches.Accepted(Batches.Event("visit", data)).DataJson);
    }

    [Fact]
    public void Empty_data_stays_an_empty_object()
    {
        Assert.Equal("{}", Batches.Accepted(Batches.Event("visit", "{ }")).DataJson);
    }

    [Fact]
    public void Data_with_an_unpaired_surrogate_is_rejected()
    {
        Assert.Equal("data: must not contain unpaired surrogates", Batches.Rejected(Batches.Event("visit", """{ "note": "x\ud800" }""")));
    }

    [Fact]
    public void Each_event_in_a_batch_gets_its_own_data()
    {
        var result = Batches.Parse($"[{Batches.Event("signup", """{"channel":"a"}""")},{Batches.Event("visit")},{Batches.Event("signup", """{"channel":"b"}""")}]");

        Assert.Equal(["""{"channel":"a"}""", "{}", """{"channel":"b"}"""], result.Events.Select(e => e.DataJson));
    }
}
