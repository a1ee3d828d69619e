namespace LifecycleActors.Cli.Service;

/// <summary>The bounds of the options that shape the requests of a run, the same for every command.</summary>
internal static class RequestLimits
{
    /// <summary>contract §6: a batch holds 1..1000 events.</summary>
    public const int MaxBatch = 1000;

    public const int MaxConcurrency = 1024;

    public const int MaxRetries = 100;

    /// <summary>A day: longer is a mistake, and <see cref="TimeSpan"/> would overflow long before "forever".</summary>
    public const double MaxApplyTimeoutSeconds = 86_400;
}
