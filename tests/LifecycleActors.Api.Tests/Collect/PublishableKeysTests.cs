using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Api.Tests.Collect;

/// <summary>The browser settings of <c>Lifecycle:Tenants</c> are checked at start, and a key resolves to its tenant only.</summary>
public sealed class PublishableKeysTests
{
    private const string ApiKey = "key-of-shop-a-0123456789";
    private const string Key = "pk-shop-a-0123456789abcdef";

    [Fact]
    public void A_key_resolves_to_its_tenants_origins_and_secret()
    {
        var keys = new TenantDirectory([Shop(origins: ["https://Shop.Example:443/", "http://127.0.0.1:8080"], secret: "identity-secret-0123")]).PublishableKeys;

        var source = keys.Resolve(Key);
        Assert.NotNull(source);
        Assert.Equal("shop-a", source.Tenant);
        Assert.True(source.Allows("https://shop.example"));
        Assert.True(source.Allows("http://127.0.0.1:8080"));
        Assert.False(source.Allows("http://shop.example"));
        Assert.False(source.Allows("https://shop.example:8443"));
        Assert.False(source.Allows("https://evil.shop.example"));
        Assert.False(source.Allows("null"));
        Assert.Equal("identity-secret-0123", source.IdentitySecret);
        Assert.Null(keys.Resolve(ApiKey));
        Assert.Null(keys.Resolve(Key + "x"));
        Assert.Null(keys.Resolve(null));
    }

    [Theory]
    [InlineData("short-key", new[] { "https://shop.example" }, null, "Lifecycle:Tenants:0:PublishableKey: must be 16..512 characters")]
    [InlineData(ApiKey, new[] { "https://shop.example" }, null, "Lifecycle:Tenants:0:PublishableKey: must differ from every API key")]
    [InlineData(Key, new string[0], null, "Lifecycle:Tenants:0:AllowedOrigins: at least one origin")]
    [InlineData(Key, new[] { "https://shop.example/shop" }, null, "Lifecycle:Tenants:0:AllowedOrigins:0: 'https://shop.example/shop' must be an origin")]
    [InlineData(Key, new[] { "shop.example" }, null, "Lifecycle:Tenants:0:AllowedOrigins:0: 'shop.example' must be an origin")]
    [InlineData(Key, new[] { "ftp://shop.example" }, null, "Lifecycle:Tenants:0:AllowedOrigins:0")]
    [InlineData(Key, new[] { "https://shop.example" }, "too-short", "Lifecycle:Tenants:0:IdentitySecret: must be at least 16 characters")]
    [InlineData(null, new[] { "https://shop.example" }, null, "Lifecycle:Tenants:0:PublishableKey: required when AllowedOrigins or IdentitySecret is set")]
    public void A_bad_setting_stops_the_service_naming_its_key(string? key, string[] origins, string? secret, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TenantDirectory([Shop(key, origins, secret)]));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_tenants_cannot_share_a_publishable_key()
    {
        var other = new TenantOptions { Id = "shop-b", ApiKey = "key-of-shop-b-0123456789", PublishableKey = Key, AllowedOrigins = ["https://b.example"] };
        var error = Assert.Throws<InvalidOperationException>(() => new TenantDirectory([Shop(), other]));
        Assert.StartsWith("Lifecycle:Tenants:1:PublishableKey: another tenant has the same publishable key", error.Message, StringComparison.Ordinal);
    }

    private static TenantOptions Shop(string? key = Key, string[]? origins = null, string? secret = null) => new()
    {
        Id = "shop-a",
        ApiKey = ApiKey,
        PublishableKey = key,
        AllowedOrigins = [.. origins ?? ["https://shop.example"]],
        IdentitySecret = secret,
    };
}
