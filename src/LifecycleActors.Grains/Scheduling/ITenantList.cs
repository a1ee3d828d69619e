namespace LifecycleActors.Grains.Scheduling;

/// <summary>The tenants this service serves: each gets a scheduler.</summary>
public interface ITenantList
{
    IReadOnlyCollection<string> TenantIds { get; }

    /// <summary>The tenant's time zone (<c>Lifecycle:Tenants:i:TimeZone</c>, UTC by default): campaigns' quiet hours are in it.</summary>
    TimeZoneInfo TimeZoneOf(string tenant) => TimeZoneInfo.Utc;
}
