using LifecycleActors.Dashboard.Auth;

namespace LifecycleActors.Silo.Tests.Support;

/// <summary>The real silo host with two agents: alice of shop-a and bob of shop-b.</summary>
public sealed class DashboardHost : ApiHost
{
    public const string AlicePassword = "alice-password-1";
    public const string BobPassword = "bob-password-1";

    private static readonly string AliceHash = PasswordHash.Create(AlicePassword);
    private static readonly string BobHash = PasswordHash.Create(BobPassword);

    protected override IEnumerable<string> Arguments =>
    [
        "--Lifecycle:Agents:0:Username", "alice",
        "--Lifecycle:Agents:0:PasswordHash", AliceHash,
        "--Lifecycle:Agents:0:Tenant", "shop-a",
        "--Lifecycle:Agents:1:Username", "bob",
        "--Lifecycle:Agents:1:PasswordHash", BobHash,
        "--Lifecycle:Agents:1:Tenant", "shop-b",
    ];
}
