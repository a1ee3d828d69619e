using System.Net;

namespace LifecycleActors.Silo.Telemetry;

/// <summary>
/// <c>Lifecycle:Metrics</c>: the Prometheus endpoint <c>GET /metrics</c>. Loopback callers and signed-in admins may
/// always read it; other callers only from the listed networks (e.g. the compose network Prometheus scrapes from).
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Lifecycle:Metrics";

    /// <summary>Whether metrics are collected and <c>/metrics</c> is served at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Networks in CIDR notation (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) whose callers may read <c>/metrics</c>.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public IReadOnlyList<IPNetwork> ParsedNetworks() => [.. AllowedNetworks.Select(IPNetwork.Parse)];

    public string? Validate()
    {
        foreach (var network in AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                return $"AllowedNetworks: '{network}' is not a network in CIDR notation such as 10.0.0.0/8";
            }
        }

        return null;
    }
}
