namespace LifecycleActors.Silo.Tenants;

/// <summary>Origins as browsers send them in the <c>Origin</c> header: <c>scheme://host[:port]</c>, nothing more.</summary>
public static class BrowserOrigins
{
    /// <summary>
    /// The origin in its one comparable spelling (lower-case scheme and host, no default port), or
    /// null when it is not an http(s) origin (a path, query, user info, or the opaque <c>null</c> origin).
    /// </summary>
    public static string? Normalise(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || origin.Length > 300
            || !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Fragment.Length > 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
