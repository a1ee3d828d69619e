namespace LifecycleActors.Abstractions;

/// <summary>Names of the Orleans stream provider and namespaces.</summary>
public static class StreamNames
{
    /// <remarks>
    /// Not the grain storage's name: Orleans keeps a stream provider's pub-sub state in the grain storage of the same
    /// name when there is one, else in <c>PubSubStore</c> (in memory here, as the streams are).
    /// </remarks>
    public const string Provider = "ingest-streams";

    /// <summary>Accepted events on their way to customers: one stream per (tenant, partition), key <c>tenant/partition</c>.</summary>
    public const string Ingest = "ingest";
}
