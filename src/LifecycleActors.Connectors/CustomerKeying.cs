using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Connectors;

/// <summary>
/// The customer id a connector gives a shop's customer. <see cref="CustomerKeyMode.PlatformId"/>:
/// <c>{platform}-{id}</c> (e.g. <c>shopify-7390123</c>), or for a guest without an id the e-mail's key;
/// <see cref="CustomerKeyMode.EmailHash"/>: always the e-mail's key, <c>email-</c> and the hex of
/// HMAC-SHA256(tenant salt, trimmed lower-cased e-mail), so the same person has the same id on every platform of a
/// tenant, differs between tenants, and the e-mail itself is never stored.
/// </summary>
public sealed class CustomerKeying(CustomerKeyMode mode, byte[] tenantSalt)
{
    public const string EmailPrefix = "email-";

    public CustomerKeyMode Mode => mode;

    /// <summary>The customer's id, or null when the payload gives neither a usable platform id nor an e-mail.</summary>
    public string? CustomerId(ShopPlatform platform, string? platformCustomerId, string? email)
    {
        if (mode == CustomerKeyMode.PlatformId && !string.IsNullOrWhiteSpace(platformCustomerId))
        {
            return $"{platform.Name()}-{platformCustomerId.Trim()}";
        }

        return string.IsNullOrWhiteSpace(email) ? null : EmailKey(email);
    }

    /// <summary>The e-mail's key: <c>email-</c> and 64 hex digits.</summary>
    public string EmailKey(string email) =>
        EmailPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(tenantSalt, Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
}
