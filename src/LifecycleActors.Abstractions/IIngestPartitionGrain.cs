namespace LifecycleActors.Abstractions;

/// <summary>Receives one ingest stream (key <c>tenant/partition</c>) and hands each customer its events.</summary>
[Alias("lifecycle.IIngestPartitionGrain")]
public interface IIngestPartitionGrain : IGrainWithStringKey;
