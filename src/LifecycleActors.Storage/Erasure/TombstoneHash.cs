using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Storage.Erasure;

/// <summary>
/// How an erased id is kept (ADR 0016): a keyed hash with the tenant's own salt, so a tombstone can be matched against
/// an incoming id but never read back as one, and the same id hashes differently in each tenant.
/// </summary>
public static class TombstoneHash
{
    public const int SaltBytes = 32;

    /// <summary>The tombstone key of <paramref name="id"/> under <paramref name="salt"/> (64 hex digits).</summary>
    public static string Of(byte[] salt, string id) => Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(id)));

    /// <summary>
    /// What stands in for an erased id where a count must survive (others' referrals, campaign statistics): stable per
    /// id, so distinct erased ids stay distinct, and not the id.
    /// </summary>
    public static string Pseudonym(string hash) => "erased-" + hash[..16];

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);
}
