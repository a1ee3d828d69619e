using System.Text;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

public sealed class SignatureTests
{
    public static TheoryData<ShopPlatform> Platforms => [ShopPlatform.Shopify, ShopPlatform.WooCommerce, ShopPlatform.Shopware];

    [Theory]
    [MemberData(nameof(Platforms))]
    public void A_webhook_signed_with_the_connectors_secret_is_valid(ShopPlatform platform) =>
        Assert.Equal(SignatureCheck.Valid, SampleWebhooks.Order(platform).Verify(platform));

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Without_the_signature_header_the_signature_is_missing(ShopPlatform platform)
    {
        var webhook = SampleWebhooks.Order(platform).WithHeader(SampleWebhooks.SignatureHeader(platform), null);

        Assert.Equal(SignatureCheck.Missing, webhook.Verify(platform));
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void An_empty_signature_header_is_missing(ShopPlatform platform)
    {
        var webhook = SampleWebhooks.Order(platform).WithHeader(SampleWebhooks.SignatureHeader(platform), " ");

        Assert.Equal(SignatureCheck.Missing, webhook.Verify(platform));
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void A_webhook_signed_with_another_secret_is_invalid(ShopPlatform platform) =>
        Assert.Equal(SignatureCheck.Invalid, SampleWebhooks.Order(platform, "someone-elses-secret").Verify(platform));

    [Theory]
    [MemberData(nameof(Platforms))]
    public void After_a_rotation_the_old_secret_no_longer_verifies(ShopPlatform platform)
    {
        var signedWithOld = SampleWebhooks.Order(platform, Fixtures.OldSecret);

        Assert.Equal(SignatureCheck.Valid, signedWithOld.Verify(platform, Fixtures.OldSecret));
        Assert.Equal(SignatureCheck.Invalid, signedWithOld.Verify(platform, Fixtures.Secret));
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Altering_any_single_byte_of_the_body_invalidates_it(ShopPlatform platform)
    {
        var webhook = SampleWebhooks.Order(platform);
        foreach (var offset in new[] { 0, webhook.Body.Length / 3, webhook.Body.Length / 2, webhook.Body.Length - 1 })
        {
            var body = webhook.Body.ToArray();
            body[offset] ^= 0x01;

            Assert.Equal(SignatureCheck.Invalid, (webhook with { Body = body }).Verify(platform));
        }
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Reserializing_the_same_json_breaks_the_signature(ShopPlatform platform)
    {
        var webhook = SampleWebhooks.Order(platform);
        var reformatted = Encoding.UTF8.GetBytes(System.Text.Json.Nodes.JsonNode.Parse(webhook.Body)!.ToJsonString(new() { WriteIndented = true }));

        Assert.Equal(SignatureCheck.Invalid, (webhook with { Body = reformatted }).Verify(platform));
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Header_names_match_in_any_case(ShopPlatform platform)
    {
        var webhook = SampleWebhooks.Order(platform);
        var lower = webhook with { Headers = [.. webhook.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value))] };
        var upper = webhook with { Headers = [.. webhook.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToUpperInvariant(), h.Value))] };

        Assert.Equal(SignatureCheck.Valid, lower.Verify(platform));
        Assert.Equal(SignatureCheck.Valid, upper.Verify(platform));
        Assert.Equal(MappingKind.Events, lower.Map(platform).Kind);
        Assert.Equal(MappingKind.Events, upper.Map(platform).Kind);
    }

    [Theory]
    [InlineData(ShopPlatform.Shopify, "not base64!")]
    [InlineData(ShopPlatform.Shopify, "c2hvcnQ=")]
    [InlineData(ShopPlatform.WooCommerce, "%%%%")]
    [InlineData(ShopPlatform.WooCommerce, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(ShopPlatform.Shopware, "zz")]
    [InlineData(ShopPlatform.Shopware, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData(ShopPlatform.Shopware, "0123456789abcdef")]
    public void A_malformed_signature_is_invalid(ShopPlatform platform, string signature)
    {
        var webhook = SampleWebhooks.Order(platform).WithHeader(SampleWebhooks.SignatureHeader(platform), signature);

        Assert.Equal(SignatureCheck.Invalid, webhook.Verify(platform));
    }

    [Fact]
    public void A_shopware_signature_in_upper_case_hex_is_valid()
    {
        var webhook = SampleWebhooks.Order(ShopPlatform.Shopware);
        var upper = webhook.WithHeader(ShopwareWebhooks.SignatureHeader, webhook.Header(ShopwareWebhooks.SignatureHeader)!.ToUpperInvariant());

        Assert.Equal(SignatureCheck.Valid, upper.Verify(ShopPlatform.Shopware));
    }

    [Fact]
    public void A_shopware_signature_of_the_same_digest_in_base64_is_invalid()
    {
        var webhook = SampleWebhooks.Order(ShopPlatform.Shopware);

        var base64 = webhook.WithHeader(ShopwareWebhooks.SignatureHeader, PlatformWebhooks.Base64Hmac(Fixtures.Secret, webhook.Body));

        Assert.Equal(SignatureCheck.Invalid, base64.Verify(ShopPlatform.Shopware));
    }

    [Theory]
    [InlineData(-601, SignatureCheck.Stale)]
    [InlineData(-600, SignatureCheck.Valid)]
    [InlineData(0, SignatureCheck.Valid)]
    [InlineData(600, SignatureCheck.Valid)]
    [InlineData(601, SignatureCheck.Stale)]
    [InlineData(-86_400, SignatureCheck.Stale)]
    public void A_shopware_webhook_is_fresh_within_ten_minutes_of_its_signed_timestamp(int secondsFromNow, SignatureCheck expected)
    {
        var webhook = PlatformWebhooks.ShopwareCustomer(
            Fixtures.Secret, "0190ffeeddccbbaa9988776655443322", "ada@example.com", false, Fixtures.Now, Fixtures.NowSeconds + secondsFromNow);

        Assert.Equal(expected, webhook.Verify(ShopPlatform.Shopware));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"1764000000\"")]
    [InlineData("1764000000.5")]
    public void A_signed_shopware_webhook_without_a_readable_timestamp_is_stale(string? timestamp)
    {
        var webhook = SampleWebhooks.Order(ShopPlatform.Shopware).EditedJson(root =>
        {
            root.Remove("timestamp");
            if (timestamp is not null)
            {
                root["timestamp"] = System.Text.Json.Nodes.JsonNode.Parse(timestamp);
            }
        });

        Assert.Equal(SignatureCheck.Stale, webhook.Verify(ShopPlatform.Shopware));
    }

    [Fact]
    public void A_stale_timestamp_does_not_matter_when_the_signature_is_wrong()
    {
        var webhook = PlatformWebhooks.ShopwareCustomer(
            "someone-elses-secret", "0190ffeeddccbbaa9988776655443322", "ada@example.com", false, Fixtures.Now, Fixtures.NowSeconds - 3600);

        Assert.Equal(SignatureCheck.Invalid, webhook.Verify(ShopPlatform.Shopware));
    }
}
