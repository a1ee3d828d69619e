namespace LifecycleActors.Silo.Collect;

/// <summary><c>Lifecycle:Collect</c>: how fast browsers may send (contract §9). Beyond either limit: 429 with <c>Retry-After</c>.</summary>
public sealed class CollectOptions
{
    /// <summary>Requests per second from one client address (all keys together); bursts up to the same number.</summary>
    public int RequestsPerSecondPerAddress { get; set; } = 20;

    /// <summary>Requests per second with one publishable key (all addresses together); bursts up to the same number.</summary>
    public int RequestsPerSecondPerKey { get; set; } = 2000;

    public string? Validate() =>
        RequestsPerSecondPerAddress < 1 ? "RequestsPerSecondPerAddress: must be >= 1"
        : RequestsPerSecondPerKey < 1 ? "RequestsPerSecondPerKey: must be >= 1"
        : null;
}
