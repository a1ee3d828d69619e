using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Webhooks;

/// <summary>
/// The <c>X-Lifecycle-Signature</c> header: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the exact body
/// bytes, keyed with the campaign secret (UTF-8).
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Lifecycle-Signature";

    public const string Prefix = "sha256=";

    private const int HashBytes = HMACSHA256.HashSizeInBytes;

    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> hash = stackalloc byte[HashBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, hash);
        return Prefix + Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// True when <paramref name="header"/> is <c>sha256=</c> and the hex HMAC of <paramref name="body"/> (either
    /// case); the hashes are compared in constant time, so the time taken does not tell how much of a guess matched.
    /// </summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + (2 * HashBytes))
        {
            return false;
        }

        Span<byte> claimed = stackalloc byte[HashBytes];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), claimed, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != HashBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, claimed);
    }
}
