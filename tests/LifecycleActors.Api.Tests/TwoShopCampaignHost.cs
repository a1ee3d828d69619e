using LifecycleActors.Credentials;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>The <see cref="CampaignHost"/> with a second administrator, dora of shop-b, so that both shops can run campaigns.</summary>
public sealed class TwoShopCampaignHost : CampaignHost
{
    public const string DoraPassword = "dora-password-1";

    private static readonly string DoraHash = PasswordHash.Create(DoraPassword);

    protected override IEnumerable<string> Arguments =>
    [
        .. base.Arguments,
        "--Lifecycle:Agents:3:Username", "dora",
        "--Lifecycle:Agents:3:PasswordHash", DoraHash,
        "--Lifecycle:Agents:3:Tenant", "shop-b",
        "--Lifecycle:Agents:3:Role", "admin",
    ];
}
