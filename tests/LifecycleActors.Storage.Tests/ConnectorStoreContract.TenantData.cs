using LifecycleActors.Storage.Connectors;

namespace LifecycleActors.Storage.Tests;

/// <summary>The tenant's data the connectors keep: salts, the customers of orders, parked events, privacy requests.</summary>
public abstract partial class ConnectorStoreContract
{
    [Fact]
    public async Task A_tenants_salt_is_32_bytes_made_once_the_same_for_silos_racing_and_different_per_tenant()
    {
        await using var storage = await engine.CreateAsync();
        var silo2 = storage.AnotherSilo();

        var racing = await Task.WhenAll(storage.Store.TenantSaltAsync("shop", Ct), silo2.TenantSaltAsync("shop", Ct));
        var later = await storage.Store.TenantSaltAsync("shop", Ct);
        var other = await silo2.TenantSaltAsync("other", Ct);

        Assert.Equal(32, racing[0].Length);
        Assert.Equal(racing[0], racing[1]);
        Assert.Equal(racing[0], later);
        Assert.Equal(32, other.Length);
        Assert.NotEqual(racing[0], other);
        Assert.Contains(racing[0], b => b != 0);
    }

    [Fact]
    public async Task The_first_customer_recorded_for_an_order_stays_and_unknown_orders_are_left_out()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Store.RememberOrdersAsync("shop", "shopify", [("o1", "c1"), ("o2", "c2"), ("o1", "c9")], Ct);
        await storage.Store.RememberOrdersAsync("shop", "shopify", [("o2", "c8"), ("o3", "c3")], Ct);
        await storage.Store.RememberOrdersAsync("shop", "shopware", [("o1", "sw1")], Ct);
        await storage.Store.RememberOrdersAsync("other", "shopify", [("o4", "x4")], Ct);
        await storage.Store.RememberOrdersAsync("shop", "shopify", [], Ct);

        var customers = await storage.Store.OrderCustomersAsync("shop", "shopify", ["o3", "o1", "unknown", "o4", "o2", "o1"], Ct);

        Assert.Equal(
            new Dictionary<string, string> { ["o1"] = "c1", ["o2"] = "c2", ["o3"] = "c3" },
            customers.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary());
        Assert.Equal("sw1", (await storage.Store.OrderCustomersAsync("shop", "shopware", ["o1"], Ct))["o1"]);
        Assert.Empty(await storage.Store.OrderCustomersAsync("shop", "shopify", [], Ct));
    }

    [Fact]
    public async Task An_event_parked_twice_stays_once_is_found_by_its_order_and_goes_when_unparked()
    {
        await using var storage = await engine.CreateAsync();
        var r1 = Parked("o1", "r1", 0);
        var r2 = Parked("o1", "r2", 1);
        var r3 = Parked("o2", "r3", 2);
        await storage.Store.ParkAsync([r1, r2, r3, Parked("o1", "r4", 3) with { Tenant = "other" }, Parked("o1", "r5", 4) with { Platform = "shopware" }], Ct);
        await storage.Store.ParkAsync([r1 with { EventJson = "{\"changed\":true}" }], Ct);

        Assert.Equal([r1, r2, r3], await storage.Store.ParkedAsync("shop", "shopify", ["o1", "o2", "o9"], Ct));
        Assert.Equal([r3], await storage.Store.ParkedAsync("shop", "shopify", ["o2"], Ct));

        await storage.Store.UnparkAsync("shop", "shopify", ["r1", "r3", "unknown"], Ct);
        await storage.Store.UnparkAsync("shop", "shopify", [], Ct);

        Assert.Equal([r2], await storage.Store.ParkedAsync("shop", "shopify", ["o1", "o2"], Ct));
        Assert.Single(await storage.Store.ParkedAsync("other", "shopify", ["o1"], Ct));
        Assert.Single(await storage.Store.ParkedAsync("shop", "shopware", ["o1"], Ct));
    }

    [Fact]
    public async Task Privacy_requests_come_back_as_recorded_newest_first_per_tenant()
    {
        await using var storage = await engine.CreateAsync();
        var redact = new PrivacyRequestRow("shop", "k1", "customers/redact", "c1", "e-hash", "req-1", "[\"o1\",\"o2\"]", Start);
        var request = new PrivacyRequestRow("shop", "k1", "customers/data_request", null, null, null, "[]", Start.AddMinutes(5));
        var sameInstant = request with { Topic = "shop/redact" };
        await storage.Store.RecordPrivacyRequestAsync(redact, Ct);
        await storage.Store.RecordPrivacyRequestAsync(request, Ct);
        await storage.Store.RecordPrivacyRequestAsync(sameInstant, Ct);
        await storage.Store.RecordPrivacyRequestAsync(redact with { Tenant = "other" }, Ct);

        Assert.Equal([sameInstant, request, redact], await storage.Store.PrivacyRequestsAsync("shop", 10, Ct));
        Assert.Equal([sameInstant], await storage.Store.PrivacyRequestsAsync("shop", 1, Ct));
        Assert.Single(await storage.Store.PrivacyRequestsAsync("other", 10, Ct));
    }

    private static ParkedEvent Parked(string orderId, string eventId, int minutes) =>
        new("shop", "shopify", orderId, eventId, $"{{\"eventId\":\"{eventId}\",\"orderId\":\"{orderId}\"}}", Start.AddMinutes(minutes));
}
