namespace LifecycleActors.Silo.Hosting;

/// <summary><c>Lifecycle:RateLimit</c>: requests per second each API key may make.</summary>
public sealed class RateLimitOptions
{
    public int RequestsPerSecond { get; set; } = 500;

    public string? Validate() => RequestsPerSecond < 1 ? "RequestsPerSecond: must be >= 1" : null;
}
