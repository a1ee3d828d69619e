using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LifecycleActors.Grains.Scheduling;

namespace LifecycleActors.Silo.Tenants;

/// <summary>
/// Resolves an API key to its tenant. Keys are kept only as SHA-256 digests and compared in constant time:
/// every configured key is compared, whichever matches, so timing tells nothing about the keys.
/// </summary>
public sealed partial class TenantDirectory : ITenantList
{
    public const int MinimumKeyLength = 16;

    private readonly (string Tenant, byte[] Digest)[] _tenants;
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _currencies = new(StringComparer.Ordinal);

    public TenantDirectory(IEnumerable<TenantOptions> tenants)
    {
        var list = tenants.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var tenant = list[i];
            if (!TenantIdPattern().IsMatch(tenant.Id))
            {
                throw new InvalidOperationException($"Lifecycle:Tenants:{i}:Id: '{tenant.Id}' must be 1..64 of a-z, 0-9, '-' or '_', starting with a letter or digit");
            }

            if (tenant.ApiKey.Length < MinimumKeyLength)
            {
                throw new InvalidOperationException($"Lifecycle:Tenants:{i}:ApiKey: must be at least {MinimumKeyLength} characters (tenant '{tenant.Id}')");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(tenant.TimeZone, out var zone))
            {
                throw new InvalidOperationException($"Lifecycle:Tenants:{i}:TimeZone: '{tenant.TimeZone}' is not a known time zone id (e.g. Europe/Berlin)");
            }

            _zones[tenant.Id] = zone;
            if (!Currencies.IsKnown(tenant.Currency))
            {
                throw new InvalidOperationException($"Lifecycle:Tenants:{i}:Currency: '{tenant.Currency}' is not an ISO 4217 currency code (e.g. EUR, CHF, GBP)");
            }

            _currencies[tenant.Id] = tenant.Currency;
        }

        if (list.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicateId)
        {
            throw new InvalidOperationException($"Lifecycle:Tenants: tenant id '{duplicateId.Key}' appears more than once");
        }

        if (list.GroupBy(t => t.ApiKey, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } sharedKey)
        {
            throw new InvalidOperationException($"Lifecycle:Tenants: tenants {string.Join(", ", sharedKey.Select(t => $"'{t.Id}'"))} share one API key");
        }

        _tenants = list.Select(t => (t.Id, Digest(t.ApiKey))).ToArray();
        PublishableKeys = new PublishableKeys(list);
    }

    /// <summary>The tenants' publishable keys, for the browser's way in (contract §9).</summary>
    public PublishableKeys PublishableKeys { get; }

    public IReadOnlyCollection<string> TenantIds => [.. _tenants.Select(t => t.Tenant)];

    public TimeZoneInfo TimeZoneOf(string tenant) => _zones.GetValueOrDefault(tenant) ?? TimeZoneInfo.Utc;

    /// <summary>The tenant's ISO 4217 currency code (EUR unless configured).</summary>
    public string CurrencyOf(string tenant) => _currencies.GetValueOrDefault(tenant) ?? Currencies.Default;

    /// <summary>The tenant whose key this is, or null.</summary>
    public string? Resolve(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 512)
        {
            return null;
        }

        var presented = Digest(apiKey);
        string? match = null;
        foreach (var (tenant, digest) in _tenants)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
            {
                match = tenant;
            }
        }

        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex TenantIdPattern();
}
