using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Ingestion.Browser;

/// <summary>
/// The proof a shop's backend gives that a browser's <c>identify</c> is about the customer who is signed in:
/// <c>userHash</c> = lower-case hex HMAC-SHA256 of the UTF-8 customer id, keyed with the UTF-8 bytes of the tenant's
/// <c>IdentitySecret</c>. Without the secret no one can attach their browsing to someone else's customer id.
/// </summary>
public static class UserHash
{
    /// <summary>The length of a well-formed hash: 32 bytes as 64 hex digits.</summary>
    public const int Length = 64;

    public static string Compute(string customerId, string identitySecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(identitySecret), Encoding.UTF8.GetBytes(customerId)));

    /// <summary>
    /// Whether <paramref name="userHash"/> is the hash of <paramref name="customerId"/>. The comparison takes the same
    /// time wherever the first difference is, so answers tell nothing about the right hash. Only lower-case hex is the
    /// hash (contract §9): upper case or any other spelling is refused.
    /// </summary>
    public static bool Verify(string customerId, string? userHash, string identitySecret)
    {
        if (userHash is null || userHash.Length != Length)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(customerId, identitySecret));
        Span<byte> presented = stackalloc byte[Length];
        for (var i = 0; i < Length; i++)
        {
            // Non-ASCII characters become a byte no hex digit has, so they cannot match.
            presented[i] = userHash[i] < 128 ? (byte)userHash[i] : (byte)0;
        }

        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
