namespace LifecycleActors.Tests.Support;

/// <summary>The real silo host with new tenant facts applied to customers at once and a fast scheduler.</summary>
public sealed class ModelHost : ApiHost
{
    protected override IEnumerable<string> Arguments =>
    [
        "--Lifecycle:Model:Propagation", "00:00:00",
        "--Lifecycle:Scheduler:ScanInterval", "00:00:00.100",
    ];
}
