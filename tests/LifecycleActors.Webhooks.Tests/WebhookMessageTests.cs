using System.Text;

namespace LifecycleActors.Webhooks.Tests;

public sealed class WebhookMessageTests
{
    private static readonly Uri Url = new("https://hooks.example.com/lifecycle");

    [Fact]
    public void The_text_of_a_message_never_shows_the_secret()
    {
        var message = new WebhookMessage(Url, "s3cr3t-value", Encoding.UTF8.GetBytes("{}"), "win-back:c-1:42");

        var text = message.ToString();

        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
        Assert.Contains("win-back:c-1:42", text, StringComparison.Ordinal);
        Assert.Contains("2 bytes", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/")]
    [InlineData("file:///tmp/hook")]
    public void Only_http_and_https_urls_are_taken(string url)
    {
        Assert.Throws<ArgumentException>(() => new WebhookMessage(new Uri(url), "secret", [], "key"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("line\nbreak")]
    [InlineData("clé")]
    public void The_idempotency_key_must_be_a_visible_ascii_header_value(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new WebhookMessage(Url, "secret", [], key));
    }

    [Fact]
    public void An_idempotency_key_of_255_characters_is_the_longest()
    {
        _ = new WebhookMessage(Url, "secret", [], new string('k', 255));

        Assert.Throws<ArgumentException>(() => new WebhookMessage(Url, "secret", [], new string('k', 256)));
    }
}
