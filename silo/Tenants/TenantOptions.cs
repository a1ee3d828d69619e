namespace LifecycleActors.Silo.Tenants;

/// <summary>A tenant (one shop), its API key and its browser settings, from <c>Lifecycle:Tenants</c>.</summary>
public sealed class TenantOptions
{
    public string Id { get; set; } = "";

    public string ApiKey { get; set; } = "";

    /// <summary>An IANA time zone id (e.g. <c>Europe/Berlin</c>); campaigns' quiet hours are in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The shop's currency, an ISO 4217 code (e.g. <c>EUR</c>, <c>CHF</c>); the screen shows amounts in it.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>The key the shop's pages may show (the snippet's <c>data-key</c>); it only sends browser events (contract §9).</summary>
    public string? PublishableKey { get; set; }

    /// <summary>Origins (<c>https://shop.example</c>) whose pages may use <see cref="PublishableKey"/>.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>The key of the HMAC-SHA256 that proves a browser's <c>identify</c>; known to the shop's backend only.</summary>
    public string? IdentitySecret { get; set; }
}
