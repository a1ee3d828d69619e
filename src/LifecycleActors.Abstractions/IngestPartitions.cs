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

/// <summary>The events of one customer in one ingest message.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.CustomerEvents")]
public sealed record CustomerEvents(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] IReadOnlyList<LoggedEvent> Events);

/// <summary>Receives one ingest stream (key <c>tenant/partition</c>) and hands each customer its events.</summary>
[Alias("lifecycle.IIngestPartitionGrain")]
public interface IIngestPartitionGrain : IGrainWithStringKey;
