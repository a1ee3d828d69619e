namespace LifecycleActors.Tests.Support;

/// <summary>The real silo host in event-time mode, new tenant facts applied at once, a fast scheduler.</summary>
public sealed class PredictionHost : ApiHost
{
    protected override IEnumerable<string> Arguments =>
    [
        "--Lifecycle:Clock", "event-time",
        "--Lifecycle:Model:Propagation", "00:00:00",
        "--Lifecycle:Scheduler:ScanInterval", "00:00:00.100",
    ];
}
