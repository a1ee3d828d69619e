using System.Security.Cryptography;
using LifecycleActors.Credentials;

namespace LifecycleActors.Silo.Tenants;

/// <summary>
/// Assembles the tenant list: <c>Lifecycle:Tenants</c>, plus tenant <c>default</c> when
/// <c>LIFECYCLE_BOOTSTRAP_API_KEY</c> is set. With neither, a first run creates tenant <c>default</c> with a random
/// key stored in <c>data/default-api-key</c> (readable by the owner only), so the service works out of the box
/// without a well-known key.
/// </summary>
public static class TenantConfiguration
{
    public const string BootstrapVariable = "LIFECYCLE_BOOTSTRAP_API_KEY";
    public const string DefaultTenant = "default";

    public static (List<TenantOptions> Tenants, string? GeneratedKeyFile) Load(IConfiguration configuration, string dataDirectory)
    {
        var tenants = configuration.GetSection("Lifecycle:Tenants").Get<List<TenantOptions>>() ?? [];
        var bootstrap = configuration[BootstrapVariable];
        if (!string.IsNullOrEmpty(bootstrap))
        {
            tenants.RemoveAll(t => t.Id == DefaultTenant);
            tenants.Add(new TenantOptions { Id = DefaultTenant, ApiKey = bootstrap });
        }

        if (tenants.Count > 0)
        {
            return (tenants, null);
        }

        var keyFile = Path.Combine(dataDirectory, "default-api-key");
        tenants.Add(new TenantOptions { Id = DefaultTenant, ApiKey = SecretFile.ReadOrCreate(keyFile, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))) });
        return (tenants, keyFile);
    }
}
