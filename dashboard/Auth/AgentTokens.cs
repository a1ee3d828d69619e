using System.Security.Claims;
using System.Security.Cryptography;
using LifecycleActors.Credentials;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LifecycleActors.Dashboard.Auth;

/// <summary>
/// Bearer tokens for agents, signed with HMAC-SHA256. The key comes from <c>Lifecycle:Auth:SigningKey</c> (base64, at
/// least 32 bytes; the same on every silo) or is generated once into the data directory, so tokens survive restarts.
/// </summary>
public sealed class AgentTokens
{
    public const string Issuer = "lifecycle-actors";
    public const string TenantClaim = "tenant";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly TimeProvider _time;

    public AgentTokens(SymmetricSecurityKey key, TimeProvider time)
    {
        Key = key;
        _time = time;
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>How the hub checks a token signed with <paramref name="key"/>.</summary>
    public static TokenValidationParameters ValidationParameters(SymmetricSecurityKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        IssuerSigningKey = key,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = "role",
    };

    public string Issue(AgentOptions agent)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, agent.Username),
                new Claim(TenantClaim, agent.Tenant),
                new Claim("role", agent.Role),
            ]),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The configured key, or the one kept in <paramref name="dataDirectory"/> (created on first use).</summary>
    public static SymmetricSecurityKey LoadKey(string? configuredBase64, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredBase64))
        {
            var bytes = Convert.TryFromBase64String(configuredBase64, new byte[configuredBase64.Length], out var length)
                ? Convert.FromBase64String(configuredBase64)
                : throw new InvalidOperationException("Lifecycle:Auth:SigningKey: not base64");
            return bytes.Length >= 32
                ? new SymmetricSecurityKey(bytes)
                : throw new InvalidOperationException($"Lifecycle:Auth:SigningKey: {length} bytes; at least 32 are needed");
        }

        var secret = SecretFile.ReadOrCreate(
            Path.Combine(dataDirectory, "agent-signing-key"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return new SymmetricSecurityKey(Convert.FromBase64String(secret));
    }
}
