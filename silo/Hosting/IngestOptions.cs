namespace LifecycleActors.Silo.Hosting;

/// <summary>How accepted events travel to customers (<c>Lifecycle:Ingest</c>).</summary>
public sealed class IngestOptions
{
    /// <summary>Ingest streams per tenant; each is consumed by one partition grain.</summary>
    public int Partitions { get; set; } = 16;

    /// <summary>
    /// How often the stream agents look for accepted events to deliver (Orleans' default, 100 ms, would be most of the
    /// delay from acknowledgement to transition).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(10);
}
