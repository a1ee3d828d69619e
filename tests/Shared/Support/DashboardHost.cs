using LifecycleActors.Credentials;

namespace LifecycleActors.Tests.Support;

/// <summary>The real silo host with two agents: alice of shop-a and bob of shop-b.</summary>
public class DashboardHost : ApiHost
{
    public const string AlicePassword = "alice-password-1";
    public const string BobPassword = "bob-password-1";

    private static readonly string AliceHash = PasswordHash.Create(AlicePassword);
    private static readonly string BobHash = PasswordHash.Create(BobPassword);

    /// <summary>The agents and the token signing key, the same on every host of one cluster.</summary>
    public static IEnumerable<string> AgentArguments =>
    [
        "--Lifecycle:Agents:0:Username", "alice",
        "--Lifecycle:Agents:0:PasswordHash", AliceHash,
        "--Lifecycle:Agents:0:Tenant", "shop-a",
        "--Lifecycle:Agents:1:Username", "bob",
        "--Lifecycle:Agents:1:PasswordHash", BobHash,
        "--Lifecycle:Agents:1:Tenant", "shop-b",
        "--Lifecycle:Auth:SigningKey", SigningKey,
    ];

    protected override IEnumerable<string> Arguments => AgentArguments;

    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
