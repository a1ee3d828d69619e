using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Silo.Tenants;

/// <summary>
/// Resolves a publishable key to its tenant's <see cref="BrowserSource"/>. Like API keys, keys are kept as SHA-256
/// digests and every one is compared in constant time. Checked at start: a key needs at least one allowed origin, may
/// not be any tenant's API key or another tenant's publishable key, and an identity secret is long enough to be one.
/// </summary>
public sealed class PublishableKeys
{
    public const int MinimumSecretLength = 16;

    private readonly (BrowserSource Source, byte[] Digest)[] _sources;

    public PublishableKeys(IReadOnlyList<TenantOptions> tenants)
    {
        var sources = new List<(BrowserSource, byte[])>();
        var apiKeys = tenants.Select(t => t.ApiKey).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < tenants.Count; i++)
        {
            var tenant = tenants[i];
            var prefix = $"Lifecycle:Tenants:{i}";
            if (string.IsNullOrEmpty(tenant.PublishableKey))
            {
                Check(tenant.AllowedOrigins.Count > 0 || tenant.IdentitySecret is not null, $"{prefix}:PublishableKey: required when AllowedOrigins or IdentitySecret is set (tenant '{tenant.Id}')");
                continue;
            }

            Check(tenant.PublishableKey.Length < TenantDirectory.MinimumKeyLength || tenant.PublishableKey.Length > 512,
                $"{prefix}:PublishableKey: must be {TenantDirectory.MinimumKeyLength}..512 characters (tenant '{tenant.Id}')");
            Check(apiKeys.Contains(tenant.PublishableKey), $"{prefix}:PublishableKey: must differ from every API key (it is shown in web pages)");
            Check(tenant.AllowedOrigins.Count == 0, $"{prefix}:AllowedOrigins: at least one origin (https://shop.example) is required with a publishable key");
            var origins = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < tenant.AllowedOrigins.Count; j++)
            {
                var origin = BrowserOrigins.Normalise(tenant.AllowedOrigins[j]);
                Check(origin is null, $"{prefix}:AllowedOrigins:{j}: '{tenant.AllowedOrigins[j]}' must be an origin: http(s)://host[:port], without path");
                origins.Add(origin!);
            }

            Check(tenant.IdentitySecret is { Length: < MinimumSecretLength },
                $"{prefix}:IdentitySecret: must be at least {MinimumSecretLength} characters (tenant '{tenant.Id}')");
            var digest = Digest(tenant.PublishableKey);
            Check(sources.Any(s => s.Item2.AsSpan().SequenceEqual(digest)), $"{prefix}:PublishableKey: another tenant has the same publishable key");
            sources.Add((new BrowserSource(tenant.Id, tenant.PublishableKey, origins, tenant.IdentitySecret), digest));
        }

        _sources = [.. sources];
    }

    /// <summary>The tenant whose publishable key this is, or null.</summary>
    public BrowserSource? Resolve(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512)
        {
            return null;
        }

        var presented = Digest(key);
        BrowserSource? match = null;
        foreach (var (source, digest) in _sources)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
            {
                match = source;
            }
        }

        return match;
    }

    /// <summary>Whether some tenant's pages may come from <paramref name="origin"/> (a preflight names no key).</summary>
    public bool AnyAllows(string origin) => _sources.Any(s => s.Source.Allows(origin));

    /// <summary>The tenant's settings, or null when it has no publishable key.</summary>
    public BrowserSource? OfTenant(string tenant) => _sources.Select(s => s.Source).FirstOrDefault(s => s.Tenant == tenant);

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static void Check(bool failed, string message)
    {
        if (failed)
        {
            throw new InvalidOperationException(message);
        }
    }
}
