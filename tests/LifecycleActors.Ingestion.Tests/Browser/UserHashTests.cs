using LifecycleActors.Ingestion.Browser;

namespace LifecycleActors.Ingestion.Tests.Browser;

public sealed class UserHashTests
{
    private const string Secret = "identity-secret-0123456789";

    [Fact]
    public void The_hash_is_lower_case_hex_hmac_sha256_of_the_utf8_customer_id()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", UserHash.Compute("what do ya want for nothing?", "Jefe"));
        Assert.Matches("^[0-9a-f]{64}$", UserHash.Compute("kundin-ä-42", Secret));
    }

    [Fact]
    public void The_right_hash_verifies()
    {
        Assert.True(UserHash.Verify("c-42", UserHash.Compute("c-42", Secret), Secret));
        Assert.True(UserHash.Verify("kundin-ä-42", UserHash.Compute("kundin-ä-42", Secret), Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    public void A_missing_or_short_hash_is_refused(string? hash) => Assert.False(UserHash.Verify("c-42", hash, Secret));

    [Fact]
    public void Another_customers_hash_another_secret_upper_case_or_a_changed_digit_is_refused()
    {
        var right = UserHash.Compute("c-42", Secret);
        Assert.False(UserHash.Verify("c-43", right, Secret));
        Assert.False(UserHash.Verify("c-42", UserHash.Compute("c-42", Secret + "x"), Secret));
        Assert.False(UserHash.Verify("c-42", right.ToUpperInvariant(), Secret));
        Assert.False(UserHash.Verify("c-42", right[..^1] + (right[^1] == '0' ? '1' : '0'), Secret));
        Assert.False(UserHash.Verify("c-42", right[..^1] + "é", Secret));
        Assert.False(UserHash.Verify("c-42", right + "0", Secret));
    }
}
