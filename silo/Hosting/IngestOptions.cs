namespace LifecycleActors.Silo.Hosting;

/// <summary>How accepted events travel to customers (<c>Lifecycle:Ingest</c>).</summary>
public sealed class IngestOptions
{
    /// <summary>Ingest streams per tenant; each is consumed by one partition grain.</summary>
    public int Partitions { get; set; } = 16;
}
