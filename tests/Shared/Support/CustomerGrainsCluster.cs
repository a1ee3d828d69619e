namespace LifecycleActors.Tests.Support;

/// <summary>The same one-silo cluster with each customer in memory a grain of its own (ADR 0019's former way).</summary>
public sealed class CustomerGrainsCluster : GrainCluster
{
    protected override IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Lifecycle:Snapshots:EveryEvents"] = "5",
        ["Lifecycle:Residency:InPartition"] = "false",
    };
}
