namespace LifecycleActors.Connectors;

/// <summary>One webhook request as received: its headers (names compared ignoring case) and its raw body.</summary>
public sealed class InboundWebhook(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
{
    private readonly Dictionary<string, string> _headers = new(headers, StringComparer.OrdinalIgnoreCase);

    public ReadOnlyMemory<byte> Body => body;

    /// <summary>The header's value, or null when the request has none.</summary>
    public string? Header(string name) => _headers.GetValueOrDefault(name);
}
