using System.Net;

namespace LifecycleActors.Webhooks;

/// <summary>
/// Checks a campaign's webhook url when the campaign is saved: absolute, http or https, no user name or password,
/// at most <see cref="MaxLength"/> characters. Errors name the field <c>action.url</c>.
/// </summary>
/// <remarks>
/// <see cref="AllowPrivateNetworks"/> is true by default because tests and local setups send to loopback.
/// Production should set it to false, here and in <see cref="WebhookHttpClient.Create"/>: this check only sees
/// literal addresses and <c>localhost</c> (it does no DNS lookups), while the client checks every resolved address
/// when it connects, so a name that points into the private network is refused too.
/// </remarks>
public sealed class WebhookUrlPolicy
{
    public const string Field = "action.url";

    public const int MaxLength = 2048;

    public bool AllowPrivateNetworks { get; init; } = true;

    /// <returns>An error message starting with <c>action.url:</c>, or null when the url may be used; then <paramref name="uri"/> holds it.</returns>
    public string? Validate(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return $"{Field}: required";
        }

        if (url.Length > MaxLength)
        {
            return $"{Field}: must be at most {MaxLength} characters (got {url.Length})";
        }

        if (url.AsSpan().IndexOfAnyInRange('\0', ' ') >= 0 || url.Contains('\u007F', StringComparison.Ordinal))
        {
            return $"{Field}: must not contain spaces or control characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || parsed.Host.Length == 0)
        {
            return $"{Field}: must be an absolute http or https URL";
        }

        if (parsed.UserInfo.Length > 0)
        {
            return $"{Field}: must not contain a user name or password";
        }

        if (!AllowPrivateNetworks && IsPrivateHost(parsed))
        {
            return $"{Field}: must not point to a loopback or private network address";
        }

        uri = parsed;
        return null;
    }

    private static bool IsPrivateHost(Uri url) =>
        PrivateNetworks.IsLocalhostName(url.IdnHost)
        || (IPAddress.TryParse(url.IdnHost, out var address) && PrivateNetworks.Contains(address));
}
