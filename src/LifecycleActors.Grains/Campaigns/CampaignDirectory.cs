using System.Collections.Frozen;
using LifecycleActors.Campaigns;
using LifecycleActors.Storage.Campaigns;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>
/// Every tenant's campaigns, cached on each silo so that a customer finds the campaigns its transitions trigger
/// without a call. Loaded before traffic and refreshed every few seconds; a change made on this silo is seen at once.
/// </summary>
public sealed class CampaignDirectory(ICampaignStore store)
{
    private volatile FrozenDictionary<string, IReadOnlyList<CampaignRecord>> _byTenant =
        FrozenDictionary<string, IReadOnlyList<CampaignRecord>>.Empty;

    /// <summary>How many campaigns (all tenants) this silo knows.</summary>
    public int Count => _byTenant.Values.Sum(c => c.Count);

    public IReadOnlyList<CampaignRecord> Of(string tenant) => _byTenant.GetValueOrDefault(tenant) ?? [];

    public CampaignRecord? Find(string tenant, string campaignId) => Of(tenant).FirstOrDefault(c => c.Definition.Id == campaignId);

    /// <summary>The running campaigns of a tenant that <paramref name="kind"/> → <paramref name="to"/> enters.</summary>
    public IEnumerable<CampaignDefinition> Triggered(string tenant, string kind, string to) =>
        Of(tenant).Where(c => !c.Paused && c.Definition.Trigger.Matches(kind, to)).Select(c => c.Definition);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await store.CampaignsAsync(null, cancellationToken);
        _byTenant = stored.GroupBy(c => c.Tenant, StringComparer.Ordinal).ToFrozenDictionary(
            g => g.Key,
            g => (IReadOnlyList<CampaignRecord>)g.Select(ToRecord).ToList(),
            StringComparer.Ordinal);
    }

    /// <summary>Takes a campaign created or changed on this silo into the cache straight away.</summary>
    public void Put(string tenant, CampaignRecord record)
    {
        var campaigns = Of(tenant).Where(c => c.Definition.Id != record.Definition.Id).Append(record).ToList();
        var copy = _byTenant.ToDictionary(StringComparer.Ordinal);
        copy[tenant] = campaigns;
        _byTenant = copy.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static CampaignRecord ToRecord(StoredCampaign c) => new(CampaignJson.FromStored(c.Definition), c.Paused, c.CreatedAt);
}
