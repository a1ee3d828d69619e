using System.Globalization;
using System.Security.Cryptography;

namespace LifecycleActors.Credentials;

/// <summary>
/// Agent passwords as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64): only the hash is configured, never the
/// password. Verification compares in constant time.
/// </summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 100_000;

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> matches; false for a wrong password or a malformed hash.</summary>
    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Checks the format only (at startup, so a typo stops the service rather than locking an agent out).</summary>
    public static bool IsWellFormed(string encoded)
    {
        var parts = encoded.Split('$');
        return parts.Length == 4 && parts[0] == Scheme && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) && n > 0
            && IsBase64(parts[2]) && IsBase64(parts[3]);
    }

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out var written) && written > 0;
}
