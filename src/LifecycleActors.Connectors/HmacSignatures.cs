using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Connectors;

/// <summary>
/// HMAC-SHA256 over the raw body with the connector's secret (its UTF-8 bytes), compared in constant time with the
/// digest decoded from the platform's header.
/// </summary>
internal static class HmacSignatures
{
    /// <summary>Shopify and WooCommerce: the header holds the digest in base64.</summary>
    public static SignatureCheck VerifyBase64(string? header, string secret, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }

        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return Convert.TryFromBase64String(header.Trim(), claimed, out var written) && written == claimed.Length
            ? Compare(claimed, secret, body)
            : SignatureCheck.Invalid;
    }

    /// <summary>Shopware: the header holds the digest in hex (lower-case as sent; upper-case accepted too).</summary>
    public static SignatureCheck VerifyHex(string? header, string secret, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }

        var hex = header.Trim();
        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return hex.Length == claimed.Length * 2
               && Convert.FromHexString(hex, claimed, out var consumed, out var written) == System.Buffers.OperationStatus.Done
               && consumed == hex.Length && written == claimed.Length
            ? Compare(claimed, secret, body)
            : SignatureCheck.Invalid;
    }

    private static SignatureCheck Compare(ReadOnlySpan<byte> claimed, string secret, ReadOnlySpan<byte> body)
    {
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, claimed) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }
}
