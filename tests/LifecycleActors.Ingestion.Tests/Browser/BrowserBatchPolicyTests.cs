using System.Text;
using System.Text.Json;
using LifecycleActors.Ingestion.Browser;

namespace LifecycleActors.Ingestion.Tests.Browser;

public sealed class BrowserBatchPolicyTests
{
    private const string Secret = "identity-secret-0123456789";

    [Fact]
    public void The_browsers_types_pass_on_to_the_events_apis_validation()
    {
        var body = Batch(Event("visit"), Event("cart_updated"), Event("checkout_started"), Event("email_clicked"), Event("social_share"), Identify("c-1", UserHash.Compute("c-1", Secret)));
        Assert.Null(Check(body));
    }

    [Theory]
    [InlineData("order_placed")]
    [InlineData("order_refunded")]
    [InlineData("signup")]
    [InlineData("email_opened")]
    [InlineData("referral_made")]
    [InlineData("nps_response")]
    [InlineData("support_contact")]
    [InlineData("unsubscribed")]
    [InlineData("review_submitted")]
    [InlineData("no_such_type")]
    [InlineData("Visit")]
    public void Every_other_type_is_refused_naming_the_element(string type)
    {
        var refusal = Check(Batch(Event("visit"), Event(type)));
        Assert.NotNull(refusal);
        Assert.Equal((403, "body[1].type", "type"), (refusal.Status, refusal.Field, refusal.Reason));
        Assert.StartsWith($"body[1].type: '{type}' cannot be sent with a publishable key", refusal.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"id":"e","customerId":"anon-1","type":"\ud800","occurredAt":"2026-01-01T00:00:00Z"}]""", null)]
    [InlineData("""[{"id":"e","customerId":"anon-1","\ud800":"x","type":"visit","occurredAt":"2026-01-01T00:00:00Z"}]""", null)]
    [InlineData("""[{"id":"e","customerId":"anon-1","type":"identify","occurredAt":"2026-01-01T00:00:00Z","data":{"customerId":"c-\udc00","userHash":"00"}}]""", null)]
    [InlineData("""[{"id":"e","customerId":"anon-1","type":"identify","occurredAt":"2026-01-01T00:00:00Z","data":{"customerId":"c-1","userHash":"\ud800"}}]""", "body[0].data.userHash")]
    public void A_lone_surrogate_anywhere_is_judged_not_thrown(string body, string? refusedField) =>
        // Found by fuzzing the collect endpoint over HTTP: GetString and NameEquals threw, and the request was a 500.
        Assert.Equal(refusedField, Check(body)?.Field);

    [Fact]
    public void A_type_given_twice_is_refused_so_no_second_reading_can_differ() =>
        Assert.Equal("body[0].type", Check("""[{"id":"e","customerId":"anon-1","type":"visit","type":"order_placed","occurredAt":"2026-01-01T00:00:00Z"}]""")?.Field);

    [Fact]
    public void More_than_50_events_are_too_large()
    {
        var refusal = Check(Batch([.. Enumerable.Repeat(Event("visit"), 51)]));
        Assert.Equal((413, "body", "size"), (refusal!.Status, refusal.Field, refusal.Reason));
        Assert.Null(Check(Batch([.. Enumerable.Repeat(Event("visit"), 50)])));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[1, \"x\", {\"type\": 3}, {}]")]
    public void What_is_not_a_browser_matter_is_left_to_the_events_apis_validation(string body) => Assert.Null(Check(body));

    [Fact]
    public void A_forged_or_missing_user_hash_is_refused()
    {
        var forged = Check(Batch(Event("visit"), Identify("c-1", UserHash.Compute("c-1", "another-secret-0123456789"))));
        Assert.Equal((403, "body[1].data.userHash", "user_hash"), (forged!.Status, forged.Field, forged.Reason));
        Assert.Equal("body[0].data.userHash", Check(Batch(Identify("c-1", null)))?.Field);
        Assert.Equal("body[0].data.userHash", Check("""[{"type":"identify","data":null}]""")?.Field);
        Assert.Equal("body[0].data.userHash", Check(Batch(Identify("c-2", UserHash.Compute("c-1", Secret))))?.Field);
    }

    [Fact]
    public void A_customer_id_or_hash_given_twice_is_refused()
    {
        var hash = UserHash.Compute("c-1", Secret);
        Assert.Equal("body[0].data.customerId", Check($$$"""[{"type":"identify","data":{"customerId":"c-1","customerId":"c-2","userHash":"{{{hash}}}"}}]""")?.Field);
        Assert.Equal("body[0].data.userHash", Check($$$"""[{"type":"identify","data":{"customerId":"c-1","userHash":"{{{hash}}}","userHash":"x"}}]""")?.Field);
    }

    [Fact]
    public void Without_an_identity_secret_no_identify_is_taken()
    {
        var refusal = BrowserBatchPolicy.Check(Encoding.UTF8.GetBytes(Batch(Identify("c-1", UserHash.Compute("c-1", Secret)))), identitySecret: null);
        Assert.Equal((403, "body[0].type", "no_identity_secret"), (refusal!.Status, refusal.Field, refusal.Reason));
    }

    private static BrowserRefusal? Check(string body) => BrowserBatchPolicy.Check(Encoding.UTF8.GetBytes(body), Secret);

    private static string Batch(params object[] events) => JsonSerializer.Serialize(events);

    private static object Event(string type) =>
        new { id = "e-" + Guid.NewGuid().ToString("N"), customerId = "anon-1", type, occurredAt = "2026-01-01T00:00:00Z", data = new { } };

    private static object Identify(string customerId, string? userHash) =>
        new { id = "e-" + Guid.NewGuid().ToString("N"), customerId = "anon-1", type = "identify", occurredAt = "2026-01-01T00:00:00Z", data = new { customerId, userHash } };
}
