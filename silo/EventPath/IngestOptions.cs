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

    /// <summary>
    /// How long a request waits for its durable events to be handed to the ingest streams before it is acknowledged
    /// anyway. A stream's queue lives on one silo; one that stands still (paused, frozen, not yet declared dead) would
    /// otherwise hold every request that has a customer in that stream until Orleans gives up on the call (30 s). The
    /// hand-over goes on after the answer, and what never arrives is delivered from the log by the recovery pass.
    /// </summary>
    public TimeSpan PublishWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first problem as a "Key: reason" text, or null when the options are valid.</summary>
    public string? Validate() =>
        Partitions is < 1 or > 1024 ? "Partitions: must be 1..1024"
        : PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromSeconds(10) ? "PollInterval: must be a time span above zero and at most 00:00:10, such as 00:00:00.010"
        : PublishWait <= TimeSpan.Zero || PublishWait > TimeSpan.FromSeconds(30) ? "PublishWait: must be a time span above zero and at most 00:00:30, such as 00:00:01"
        : null;
}
