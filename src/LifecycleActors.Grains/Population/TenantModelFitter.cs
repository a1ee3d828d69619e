using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Population;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Grains.Population;

/// <summary>Computes a tenant's population facts (and, with enough buyers, its prediction model) from its customers.</summary>
public static class TenantModelFitter
{
    public static TenantModel Fit(IReadOnlyList<PopulationInputs> population, RuleOptions options, DateTimeOffset fittedAt) =>
        new(
            population.Count,
            fittedAt,
            null,
            null,
            PopulationFacts.VipThreshold(population.Select(c => c.Spend365), options),
            PopulationFacts.PopulationGap(population.Where(c => c.OwnGapDays is not null).Select(c => c.OwnGapDays!.Value), options));

    /// <summary>The facts customers evaluate their rules with, from a model (or from configuration before the first one).</summary>
    public static TenantFacts FactsOf(TenantModel? model, RuleOptions options) =>
        model is null
            ? new TenantFacts(options.VipMinSpend > 0 ? options.VipMinSpend : null, null)
            : new TenantFacts(model.VipThreshold, model.PopulationGapDays)
            {
                VipBasis = model.VipThreshold > options.VipMinSpend
                    ? $"top {(1 - options.VipQuantile) * 100:0.#} %"
                    : null,
            };
}
