namespace LifecycleActors.Silo.EventPath;

/// <summary>How accepted events travel to customers, and how much ingest a silo admits at once (<c>Lifecycle:Ingest</c>).</summary>
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

    /// <summary>Ingest requests (events API, shop webhooks) a silo works on at once; more wait in the queue.</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>Ingest requests that may wait for a turn, oldest first; beyond them a request is answered 503 at once.</summary>
    public int QueueLimit { get; set; } = 16;

    /// <summary>
    /// Customer rows and transitions the read model's write-behind may hold; while it holds more, ingest requests are
    /// answered 503 so that it drains instead of growing.
    /// </summary>
    public long MaxReadModelBacklog { get; set; } = 500_000;

    /// <summary>What a refused ingest request is told to wait (<c>Retry-After</c>, whole seconds).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first problem as a "Key: reason" text, or null when the options are valid.</summary>
    public string? Validate() =>
        Partitions is < 1 or > 1024 ? "Partitions: must be 1..1024"
        : PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromSeconds(10) ? "PollInterval: must be a time span above zero and at most 00:00:10, such as 00:00:00.010"
        : PublishWait <= TimeSpan.Zero || PublishWait > TimeSpan.FromSeconds(30) ? "PublishWait: must be a time span above zero and at most 00:00:30, such as 00:00:01"
        : MaxConcurrentRequests is < 1 or > 100_000 ? "MaxConcurrentRequests: must be 1..100000"
        : QueueLimit is < 0 or > 100_000 ? "QueueLimit: must be 0..100000"
        : MaxReadModelBacklog < 1 ? "MaxReadModelBacklog: must be >= 1"
        : RetryAfter < TimeSpan.FromSeconds(1) || RetryAfter > TimeSpan.FromMinutes(5) || RetryAfter.Ticks % TimeSpan.TicksPerSecond != 0
            ? "RetryAfter: must be whole seconds from 00:00:01 to 00:05:00"
        : null;
}
