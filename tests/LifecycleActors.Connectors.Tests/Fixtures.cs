using System.Text;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

/// <summary>Secrets, keyings and conversions the connector tests share.</summary>
internal static class Fixtures
{
    public const string Secret = "whsec_9f8e7d6c5b4a3f2e1d0c&b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0ff";
    public const string OldSecret = "whsec_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    public static readonly byte[] Salt = Encoding.UTF8.GetBytes("tenant-salt-for-connector-tests-32b");

    public static readonly CustomerKeying ByPlatformId = new(CustomerKeyMode.PlatformId, Salt);
    public static readonly CustomerKeying ByEmail = new(CustomerKeyMode.EmailHash, Salt);

    /// <summary>A fixed "now" for signature checks; payload times are set relative to it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static long NowSeconds => Now.ToUnixTimeSeconds();

    public static CustomerKeying Keying(CustomerKeyMode mode) => mode == CustomerKeyMode.EmailHash ? ByEmail : ByPlatformId;

    public static InboundWebhook ToInbound(this SignedWebhook webhook) => new(webhook.Headers, webhook.Body);

    public static MappingResult Map(this SignedWebhook webhook, ShopPlatform platform, CustomerKeying? keying = null) =>
        ShopWebhooks.For(platform).Map(webhook.ToInbound(), keying ?? ByPlatformId);

    public static SignatureCheck Verify(this SignedWebhook webhook, ShopPlatform platform, string secret = Secret, DateTimeOffset? now = null) =>
        ShopWebhooks.For(platform).Verify(webhook.ToInbound(), secret, now ?? Now);

    /// <summary>The webhook with its body changed as text, signed again so that only the mapping sees the change.</summary>
    public static SignedWebhook Edited(this SignedWebhook webhook, Func<string, string> edit) =>
        PlatformWebhooks.Resigned(webhook, Secret, Encoding.UTF8.GetBytes(edit(webhook.BodyText)));

    /// <summary>The webhook with its body changed through the JSON tree, signed again.</summary>
    public static SignedWebhook EditedJson(this SignedWebhook webhook, Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(webhook.Body)!.AsObject();
        edit(root);
        return PlatformWebhooks.Resigned(webhook, Secret, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    public static ConnectorEvent Single(this MappingResult result)
    {
        Assert.Equal(MappingKind.Events, result.Kind);
        return Assert.Single(result.Events);
    }
}
