using LifecycleActors.Rules;

namespace LifecycleActors.Grains;

/// <summary>The current population facts of a tenant (VIP threshold, population gap).</summary>
public interface ITenantFactsSource
{
    TenantFacts For(string tenant);
}

/// <summary>Facts from configuration alone: T = VipMinSpend when positive, no population gap.</summary>
public sealed class ConfiguredTenantFacts(RuleOptions options) : ITenantFactsSource
{
    private readonly TenantFacts _facts = new(options.VipMinSpend > 0 ? options.VipMinSpend : null, null);

    public TenantFacts For(string tenant) => _facts;
}
