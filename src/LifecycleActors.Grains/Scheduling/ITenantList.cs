namespace LifecycleActors.Grains.Scheduling;

/// <summary>The tenants this service serves: each gets a scheduler.</summary>
public interface ITenantList
{
    IReadOnlyCollection<string> TenantIds { get; }
}
