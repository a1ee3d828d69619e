using System.Collections.Concurrent;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Grains.Population;

/// <summary>
/// Each silo's copy of its tenants' facts: read by customers on every evaluation without a call, refreshed from the
/// stored models (and at once on the silo that refits).
/// </summary>
public sealed class TenantFactsCache(RuleOptions options) : ITenantFactsSource
{
    private readonly ConcurrentDictionary<string, (TenantModel Model, TenantFacts Facts)> _tenants = new(StringComparer.Ordinal);

    /// <summary>The facts of a tenant with no model yet: one instance, shared by every customer that keeps it.</summary>
    private readonly TenantFacts _initial = TenantModelFitter.FactsOf(null, options);

    public TenantFacts For(string tenant) =>
        _tenants.TryGetValue(tenant, out var known) ? known.Facts : _initial;

    public TenantModel? ModelOf(string tenant) => _tenants.TryGetValue(tenant, out var known) ? known.Model : null;

    public void Apply(string tenant, TenantModel model) =>
        _tenants.AddOrUpdate(
            tenant,
            _ => (model, TenantModelFitter.FactsOf(model, options)),
            (_, known) => model.FittedAt >= known.Model.FittedAt ? (model, TenantModelFitter.FactsOf(model, options)) : known);

    /// <summary>Loads every stored model.</summary>
    public async Task RefreshAsync(IReadModel readModel, CancellationToken cancellationToken)
    {
        foreach (var (tenant, json) in await readModel.ReadTenantModelsAsync(cancellationToken))
        {
            if (JsonSerializer.Deserialize<TenantModel>(json, WireJson.Options) is { } model)
            {
                Apply(tenant, model);
            }
        }
    }
}
