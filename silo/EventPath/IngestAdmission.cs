using System.Threading.RateLimiting;
using LifecycleActors.Storage.ReadModel;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.EventPath;

/// <summary>
/// Which ingest requests a silo takes on (the endpoints marked <see cref="IngestAdmissionServices.AdmittedAsIngest"/>: the events API and the
/// shop webhooks), as ASP.NET Core's global rate limiter: at most <see cref="IngestOptions.MaxConcurrentRequests"/> at
/// once and <see cref="IngestOptions.QueueLimit"/> waiting, oldest first. Beyond that, or while the read model's
/// write-behind holds more than <see cref="IngestOptions.MaxReadModelBacklog"/> rows, a request is refused at once with
/// an <see cref="OverloadLease"/> (answered 503 with <c>Retry-After</c>), before its body is read: nothing of it is
/// logged, so resending it loses and doubles nothing. Every other request passes untouched.
/// </summary>
public sealed class IngestAdmission : PartitionedRateLimiter<HttpContext>
{
    private readonly ConcurrencyLimiter _requests;
    private readonly Func<long> _backlog;
    private readonly long _maxBacklog;
    private readonly TimeSpan _retryAfter;
    private readonly IngestShedding? _shedding;

    /// <param name="backlog">The read model's write-behind depth now (<see cref="IReadModelWriter.QueueDepth"/>).</param>
    /// <param name="shedding">Told of each refusal and admission, for the metric and the log.</param>
    public IngestAdmission(IngestOptions options, Func<long> backlog, IngestShedding? shedding = null)
    {
        _requests = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentRequests,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _backlog = backlog;
        _maxBacklog = options.MaxReadModelBacklog;
        _retryAfter = options.RetryAfter;
        _shedding = shedding;
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => IsIngest(resource) ? _requests.GetStatistics() : null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (!IsIngest(resource))
        {
            return Admitted.Lease;
        }

        return Backlogged() ?? Admit(_requests.AttemptAcquire(permitCount));
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (!IsIngest(resource))
        {
            return Admitted.Lease;
        }

        return Backlogged() ?? Admit(await _requests.AcquireAsync(permitCount, cancellationToken));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _requests.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool IsIngest(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<IngestEndpoint>() is not null;

    private RateLimitLease? Backlogged()
    {
        var depth = _backlog();
        return depth > _maxBacklog
            ? Refuse(OverloadLease.ReadModelBacklog, $"the read model's write-behind holds {depth} rows (at most {_maxBacklog})")
            : null;
    }

    private RateLimitLease Admit(RateLimitLease lease)
    {
        if (lease.IsAcquired)
        {
            _shedding?.Admitted();
            return lease;
        }

        lease.Dispose();
        return Refuse(OverloadLease.RequestsQueued, "every ingest slot and queue place is taken");
    }

    private OverloadLease Refuse(string reason, string detail)
    {
        _shedding?.Refused(reason);
        return new OverloadLease(reason, detail, _retryAfter);
    }

    /// <summary>The lease of a request that is not limited here.</summary>
    private sealed class Admitted : RateLimitLease
    {
        public static readonly Admitted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>Registers <see cref="IngestAdmission"/> as the global rate limiter of a silo, and marks the endpoints it admits.</summary>
public static class IngestAdmissionServices
{
    /// <summary>Marks an endpoint as ingest: it is admitted by <see cref="IngestAdmission"/> and may answer 503.</summary>
    public static RouteHandlerBuilder AdmittedAsIngest(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(IngestEndpoint.Instance).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static IServiceCollection AddIngestAdmission(this IServiceCollection services)
    {
        services.AddSingleton<IngestShedding>();
        services.AddSingleton(sp => new IngestAdmission(
            sp.GetRequiredService<IOptions<IngestOptions>>().Value,
            () => sp.GetRequiredService<IReadModelWriter>().QueueDepth,
            sp.GetRequiredService<IngestShedding>()));
        services.AddOptions<RateLimiterOptions>().Configure<IngestAdmission>((options, admission) => options.GlobalLimiter = admission);
        return services;
    }
}

/// <summary>The endpoint metadata of <see cref="IngestAdmissionServices.AdmittedAsIngest"/>.</summary>
internal sealed class IngestEndpoint
{
    public static readonly IngestEndpoint Instance = new();
}
