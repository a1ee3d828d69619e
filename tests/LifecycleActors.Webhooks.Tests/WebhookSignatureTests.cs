using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Webhooks.Tests;

public sealed class WebhookSignatureTests
{
    private const string Secret = "campaign-secret-0123456789";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"campaignId":"win-back","customerId":"c-1","transition":"entered lapsed","templateId":"t-7"}""");

    [Fact]
    public void The_signature_is_the_lowercase_hex_hmac_sha256_of_the_body()
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(Body)).ToLowerInvariant();

        Assert.Equal(expected, WebhookSignature.Compute(Secret, Body));
    }

    [Fact]
    public void A_published_hmac_sha256_test_vector_matches()
    {
        // RFC 4231, test case 2.
        var signature = WebhookSignature.Compute("Jefe", "what do ya want for nothing?"u8);

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }

    [Fact]
    public void The_right_signature_verifies_in_either_case()
    {
        var signature = WebhookSignature.Compute(Secret, Body);

        Assert.True(WebhookSignature.Verify(Secret, Body, signature));
        Assert.True(WebhookSignature.Verify(Secret, Body, "sha256=" + signature["sha256=".Length..].ToUpperInvariant()));
    }

    [Fact]
    public void Another_secret_or_a_changed_body_does_not_verify()
    {
        var signature = WebhookSignature.Compute(Secret, Body);
        var changed = (byte[])Body.Clone();
        changed[^2] ^= 1;

        Assert.False(WebhookSignature.Verify("another-secret", Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, changed, signature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=5bdcc146bf60754e6a042426089575c75a003f08")]
    [InlineData("SHA256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec38")]
    [InlineData("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec384300")]
    [InlineData("sha256=zzdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData(" sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void A_malformed_header_does_not_verify(string? header)
    {
        Assert.False(WebhookSignature.Verify("Jefe", "what do ya want for nothing?"u8, header));
    }

    [Fact]
    public void An_empty_secret_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => WebhookSignature.Compute("", Body));
    }
}
