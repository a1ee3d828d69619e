using System.Threading.RateLimiting;

namespace LifecycleActors.Silo.EventPath;

/// <summary>An ingest request refused because the silo is at capacity: why, and when to try again.</summary>
/// <param name="reason"><see cref="RequestsQueued"/> or <see cref="ReadModelBacklog"/>.</param>
/// <param name="detail">The reason in words, for the problem body.</param>
/// <param name="retryAfter">What the client is told to wait.</param>
public sealed class OverloadLease(string reason, string detail, TimeSpan retryAfter) : RateLimitLease
{
    public const string RequestsQueued = "requests_queued";
    public const string ReadModelBacklog = "read_model_backlog";

    public string Reason => reason;

    public string Detail => detail;

    public TimeSpan RetryAfter => retryAfter;

    public override bool IsAcquired => false;

    public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
            : metadataName == MetadataName.ReasonPhrase.Name ? detail
            : null;
        return metadata is not null;
    }
}
