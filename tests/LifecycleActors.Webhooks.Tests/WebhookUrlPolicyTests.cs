namespace LifecycleActors.Webhooks.Tests;

public sealed class WebhookUrlPolicyTests
{
    private static readonly WebhookUrlPolicy Lenient = new();

    private static readonly WebhookUrlPolicy Strict = new() { AllowPrivateNetworks = false };

    [Theory]
    [InlineData("https://hooks.example.com/lifecycle")]
    [InlineData("http://hooks.example.com:8080/lifecycle?shop=a")]
    [InlineData("https://bücher.example/hook")]
    [InlineData("https://93.184.215.14/hook")]
    [InlineData("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook")]
    public void A_public_http_or_https_url_is_accepted_by_both_policies(string url)
    {
        Assert.Null(Lenient.Validate(url, out var lenient));
        Assert.Null(Strict.Validate(url, out var strict));
        Assert.Equal(new Uri(url), lenient);
        Assert.Equal(lenient, strict);
    }

    [Theory]
    [InlineData(null, "action.url: required")]
    [InlineData("  ", "action.url: required")]
    [InlineData("/hooks/lifecycle", "action.url: must be an absolute http or https URL")]
    [InlineData("hooks.example.com/lifecycle", "action.url: must be an absolute http or https URL")]
    [InlineData("ftp://hooks.example.com/lifecycle", "action.url: must be an absolute http or https URL")]
    [InlineData("file:///etc/passwd", "action.url: must be an absolute http or https URL")]
    [InlineData("javascript:alert(1)", "action.url: must be an absolute http or https URL")]
    [InlineData("https://", "action.url: must be an absolute http or https URL")]
    [InlineData("https://user:password@hooks.example.com/", "action.url: must not contain a user name or password")]
    [InlineData("https://token@hooks.example.com/", "action.url: must not contain a user name or password")]
    [InlineData(" https://hooks.example.com/", "action.url: must not contain spaces or control characters")]
    [InlineData("https://hooks.example.com/a b", "action.url: must not contain spaces or control characters")]
    [InlineData("https://hooks.example.com/\n", "action.url: must not contain spaces or control characters")]
    public void A_bad_url_is_refused_naming_the_field(string? url, string expected)
    {
        Assert.Equal(expected, Lenient.Validate(url, out var uri));
        Assert.Null(uri);
    }

    [Fact]
    public void A_url_longer_than_2048_characters_is_refused()
    {
        var url = "https://hooks.example.com/" + new string('a', 2048 - 26);
        Assert.Null(Lenient.Validate(url, out _));

        Assert.Equal("action.url: must be at most 2048 characters (got 2049)", Lenient.Validate(url + "a", out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://shop.LOCALHOST/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://172.31.255.255/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://2130706433/hook")]
    public void Private_network_addresses_are_refused_only_when_not_allowed(string url)
    {
        Assert.Null(Lenient.Validate(url, out _));

        Assert.Equal("action.url: must not point to a loopback or private network address", Strict.Validate(url, out var uri));
        Assert.Null(uri);
    }

    [Theory]
    [InlineData("http://172.15.0.1/hook")]
    [InlineData("http://172.32.0.1/hook")]
    [InlineData("http://100.128.0.1/hook")]
    [InlineData("http://192.169.0.1/hook")]
    public void Addresses_next_to_the_private_ranges_are_public(string url)
    {
        Assert.Null(Strict.Validate(url, out _));
    }
}
