namespace LifecycleActors.Silo.Tenants;

/// <summary>A tenant's browser settings: what a request with its publishable key may do (contract §9).</summary>
/// <param name="AllowedOrigins">Normalised origins (<c>scheme://host[:port]</c>, lower case, no default port).</param>
/// <param name="IdentitySecret">Null when the tenant takes no <c>identify</c> from browsers.</param>
public sealed record BrowserSource(string Tenant, string PublishableKey, IReadOnlySet<string> AllowedOrigins, string? IdentitySecret)
{
    public bool Allows(string origin) => BrowserOrigins.Normalise(origin) is { } normal && AllowedOrigins.Contains(normal);
}
