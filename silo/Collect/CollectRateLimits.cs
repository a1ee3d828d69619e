using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Collect;

/// <summary>
/// The browser's two limits, one token bucket per client address and one per publishable key, chained: a request
/// takes a token from both or from neither. Nothing queues: a browser is told to come back (429, <c>Retry-After</c>)
/// and the snippet retries the same events, which are taken once by their ids.
/// </summary>
public sealed class CollectRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<CollectCaller> _limiter;

    public CollectRateLimits(IOptions<CollectOptions> options)
    {
        var perAddress = options.Value.RequestsPerSecondPerAddress;
        var perKey = options.Value.RequestsPerSecondPerKey;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<CollectCaller, string>(caller => RateLimitPartition.GetTokenBucketLimiter("address:" + caller.Address, _ => Bucket(perAddress))),
            PartitionedRateLimiter.Create<CollectCaller, string>(caller => RateLimitPartition.GetTokenBucketLimiter("key:" + caller.Tenant, _ => Bucket(perKey))));
    }

    /// <summary>Null when the request may go on; else how long the caller should wait.</summary>
    public TimeSpan? TryTake(CollectCaller caller)
    {
        using var lease = _limiter.AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
    };
}

/// <summary>Who a browser request is for the limits: its client address and the tenant of its publishable key.</summary>
public readonly record struct CollectCaller(string Address, string Tenant);
