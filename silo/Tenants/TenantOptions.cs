namespace LifecycleActors.Silo.Tenants;

/// <summary>A tenant (one shop) and its API key, from <c>Lifecycle:Tenants</c>.</summary>
public sealed class TenantOptions
{
    public string Id { get; set; } = "";

    public string ApiKey { get; set; } = "";

    /// <summary>An IANA time zone id (e.g. <c>Europe/Berlin</c>); campaigns' quiet hours are in it.</summary>
    public string TimeZone { get; set; } = "UTC";
}
