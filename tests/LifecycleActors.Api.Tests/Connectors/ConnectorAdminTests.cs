using System.Net;
using System.Net.Http.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests.Connectors;

public sealed class ConnectorAdminTests(ConnectorHost host) : IClassFixture<ConnectorHost>
{
    private const string Secret = "created-secret-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_creates_lists_gets_and_deletes_a_connector_and_its_secret_is_never_shown()
    {
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);

        var created = await carol.PostAsJsonAsync("/api/v1/connectors", new { id = "woo-created", platform = "woocommerce", secret = Secret, customerKey = "email-hash" }, Ct);
        var createdText = await created.Content.ReadAsStringAsync(Ct);
        var listed = await carol.GetStringAsync("/api/v1/connectors", Ct);
        var one = await carol.GetAsync("/api/v1/connectors/woo-created", Ct);
        var oneText = await one.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        Assert.Equal(("woo-created", "woocommerce", "email-hash", "api", "/api/v1/webhooks/woo-created"),
            (body.GetProperty("id").GetString(), body.GetProperty("platform").GetString(), body.GetProperty("customerKey").GetString(), body.GetProperty("source").GetString(), body.GetProperty("webhookPath").GetString()));
        Assert.Contains("\"woo-created\"", listed, StringComparison.Ordinal);
        Assert.Contains("\"shopify-a\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"shopify-b\"", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(0, (await one.Json()).GetProperty("webhooks").GetProperty("received").GetInt64());
        foreach (var text in new[] { createdText, listed, oneText })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ConnectorHost.ShopifySecret, text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await carol.DeleteAsync("/api/v1/connectors/woo-created", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync("/api/v1/connectors/woo-created", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.PostWebhookAsync("woo-created", PlatformWebhooks.WooPing())).StatusCode);
    }

    [Theory]
    [InlineData("{\"id\":\"Bad Id\",\"platform\":\"shopify\",\"secret\":\"created-secret-0123456789abcdef\"}", "id")]
    [InlineData("{\"id\":\"ok\",\"platform\":\"magento\",\"secret\":\"created-secret-0123456789abcdef\"}", "platform")]
    [InlineData("{\"id\":\"ok\",\"platform\":\"shopify\",\"secret\":\"short\"}", "secret")]
    [InlineData("{\"id\":\"ok\",\"platform\":\"shopify\"}", "secret")]
    [InlineData("{\"id\":\"ok\",\"platform\":\"shopify\",\"secret\":\"created-secret-0123456789abcdef\",\"customerKey\":\"name\"}", "customerKey")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"id\":", "body")]
    public async Task A_bad_connector_is_refused_naming_the_field(string json, string field)
    {
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);

        var response = await carol.PostAsync("/api/v1/connectors", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.DoesNotContain("created-secret", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_are_unique_across_tenants_and_configuration()
    {
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);

        var ofOtherTenant = await carol.PostAsJsonAsync("/api/v1/connectors", new { id = "shopify-b", platform = "shopify", secret = Secret }, Ct);
        var first = await carol.PostAsJsonAsync("/api/v1/connectors", new { id = "twice", platform = "shopify", secret = Secret }, Ct);
        var second = await carol.PostAsJsonAsync("/api/v1/connectors", new { id = "twice", platform = "shopware", secret = Secret }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, ofOtherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("id", (await second.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Only_the_tenants_admins_may_manage_its_connectors()
    {
        using var anonymous = host.Client(apiKey: null);
        using var withKey = host.Client();
        using var alice = await host.SignedInAsync("alice", DashboardHost.AlicePassword);
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/connectors", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("/api/v1/connectors", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/v1/connectors", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("/api/v1/connectors", new { id = "by-alice", platform = "shopify", secret = Secret }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync("/api/v1/connectors/shopify-b", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.DeleteAsync("/api/v1/connectors/shopify-b", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await carol.DeleteAsync("/api/v1/connectors/shopify-a", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/v1/privacy-requests", Ct)).StatusCode);
    }

    [Fact]
    public async Task After_a_rotation_the_old_secret_is_refused_and_the_new_one_accepted()
    {
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);
        const string rotated = "rotated-secret-0123456789abcdef";
        Assert.Equal(HttpStatusCode.Created, (await carol.PostAsJsonAsync("/api/v1/connectors", new { id = "rotating", platform = "shopify", secret = Secret }, Ct)).StatusCode);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);

        var before = await host.PostWebhookAsync("rotating", PlatformWebhooks.ShopifyCustomer(Secret, 501, "rot@example.org", at));
        var rotation = await carol.PostAsJsonAsync("/api/v1/connectors/rotating/secret", new { secret = rotated }, Ct);
        var stale = await host.PostWebhookAsync("rotating", PlatformWebhooks.ShopifyCustomer(Secret, 502, "rot2@example.org", at));
        var fresh = await host.PostWebhookAsync("rotating", PlatformWebhooks.ShopifyCustomer(rotated, 502, "rot2@example.org", at));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rotation.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await carol.PostAsJsonAsync("/api/v1/connectors/shopify-a/secret", new { secret = rotated }, Ct)).StatusCode);
        var counts = (await (await carol.GetAsync("/api/v1/connectors/rotating", Ct)).Json()).GetProperty("webhooks");
        Assert.Equal((3L, 2L, 1L), (counts.GetProperty("received").GetInt64(), counts.GetProperty("accepted").GetInt64(), counts.GetProperty("unauthorized").GetInt64()));
    }
}
