using LifecycleActors.Rules;

namespace LifecycleActors.Grains;

/// <summary>The current population facts of a tenant (VIP threshold, population gap).</summary>
public interface ITenantFactsSource
{
    TenantFacts For(string tenant);
}
