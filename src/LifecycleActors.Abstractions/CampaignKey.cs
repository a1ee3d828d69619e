namespace LifecycleActors.Abstractions;

/// <summary>The key of a campaign grain: <c>tenant/campaignId</c> (tenant ids contain no '/').</summary>
public static class CampaignKey
{
    public static string Of(string tenant, string campaignId) => $"{tenant}/{campaignId}";

    public static (string Tenant, string CampaignId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
