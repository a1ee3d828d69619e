namespace LifecycleActors.Silo.EventPath;

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

    /// <summary>The first problem as a "Key: reason" text, or null when the options are valid.</summary>
    public string? Validate() =>
        Partitions is < 1 or > 1024 ? "Partitions: must be 1..1024"
        : PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromSeconds(10) ? "PollInterval: must be a time span above zero and at most 00:00:10, such as 00:00:00.010"
        : null;
}
