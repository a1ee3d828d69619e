using System.Text;

namespace LifecycleActors.Webhooks;

/// <summary>
/// One webhook to send: where to, the campaign secret to sign with, the UTF-8 JSON body (built by the caller and
/// sent byte for byte, so the signature covers exactly what the receiver gets) and the idempotency key, the same on
/// every attempt of one send. <see cref="ToString"/> never shows the secret.
/// </summary>
public sealed record WebhookMessage
{
    /// <summary>Header values travel as visible ASCII; a longer key is a bug in the caller, not a receiver's problem.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    public WebhookMessage(Uri url, string secret, byte[] body, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("must be an absolute http or https URL", nameof(url));
        }

        if (idempotencyKey.Length > MaxIdempotencyKeyLength || idempotencyKey.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            throw new ArgumentException($"must be 1..{MaxIdempotencyKeyLength} visible ASCII characters", nameof(idempotencyKey));
        }

        Url = url;
        Secret = secret;
        Body = body;
        IdempotencyKey = idempotencyKey;
    }

    public Uri Url { get; }

    public string Secret { get; }

    /// <summary>The JSON body; the message does not copy it, so the caller must not change it afterwards.</summary>
    public byte[] Body { get; }

    public string IdempotencyKey { get; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Url = ").Append(Url).Append(", IdempotencyKey = ").Append(IdempotencyKey)
            .Append(", Body = ").Append(Body.Length).Append(" bytes");
        return true;
    }
}
