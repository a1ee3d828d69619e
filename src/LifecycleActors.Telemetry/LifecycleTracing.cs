using System.Diagnostics;

namespace LifecycleActors.Telemetry;

/// <summary>The service's own trace source: spans for the steps of the event path that no library traces for us.</summary>
public static class LifecycleTracing
{
    public const string SourceName = "LifecycleActors";

    public static readonly ActivitySource Source = new(SourceName);
}
