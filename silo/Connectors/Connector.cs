using LifecycleActors.Connectors;

namespace LifecycleActors.Silo.Connectors;

/// <summary>A shop connector: which tenant a platform's webhooks at <c>/api/v1/webhooks/{Id}</c> write to, and how.</summary>
/// <param name="Secret">Keys the platform's signature; never shown, never logged.</param>
/// <param name="FromConfiguration">Defined in <c>Lifecycle:Connectors</c> (read-only through the API) rather than created through it.</param>
public sealed record Connector(
    string Tenant, string Id, ShopPlatform Platform, string Secret, CustomerKeyMode CustomerKey, bool FromConfiguration, DateTimeOffset? CreatedAt);
