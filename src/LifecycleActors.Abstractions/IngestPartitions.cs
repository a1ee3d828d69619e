namespace LifecycleActors.Abstractions;

/// <summary>
/// Spreads customers over a fixed number of ingest streams. A stream per customer would cost a stream registration
/// per customer and fill the in-memory queues with tiny messages; a few partition streams carry one message per
/// request and partition instead.
/// </summary>
public static class IngestPartitions
{
    /// <summary>A stable partition for a customer id (FNV-1a over its UTF-16 code units; independent of process and platform).</summary>
    public static int Of(string customerId, int partitions)
    {
        var hash = 2166136261u;
        foreach (var c in customerId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }

    public static string StreamKey(string tenant, int partition) => $"{tenant}/{partition}";
}
