namespace LifecycleActors.Abstractions;

/// <summary>Names of the Orleans stream provider and namespaces.</summary>
public static class StreamNames
{
    public const string Provider = "lifecycle";

    /// <summary>Accepted events on their way to customers: one stream per (tenant, partition), key <c>tenant/partition</c>.</summary>
    public const string Ingest = "ingest";
}
