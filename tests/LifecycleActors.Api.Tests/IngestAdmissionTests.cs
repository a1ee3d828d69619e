using System.Text.Json;
using System.Threading.RateLimiting;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Silo.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// <see cref="IngestAdmission"/> alone: the slots and the queue, the read model's backlog, requests that are not
/// ingest; the log of a shedding episode; and how <see cref="RateLimitRejections"/> answers an overload (503) and a caller's own limit (429).
/// </summary>
public sealed class IngestAdmissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ingest_beyond_the_slots_and_queue_is_refused_as_queued_and_other_requests_pass()
    {
        using var admission = new IngestAdmission(new IngestOptions { MaxConcurrentRequests = 1, QueueLimit = 1 }, () => 0);
        var first = admission.AttemptAcquire(Ingest());
        Assert.True(first.IsAcquired);
        var queued = admission.AcquireAsync(Ingest(), cancellationToken: Ct);
        Assert.False(queued.IsCompleted);

        using (var refused = await admission.AcquireAsync(Ingest(), cancellationToken: Ct))
        {
            var overload = Assert.IsType<OverloadLease>(refused);
            Assert.Equal((false, OverloadLease.RequestsQueued), (overload.IsAcquired, overload.Reason));
        }

        using (var other = await admission.AcquireAsync(Other(), cancellationToken: Ct))
        {
            Assert.True(other.IsAcquired);
        }

        first.Dispose();
        using var next = await queued;
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public async Task Ingest_is_refused_while_the_read_model_backlog_is_above_its_limit()
    {
        long backlog = 101;
        using var admission = new IngestAdmission(new IngestOptions { MaxReadModelBacklog = 100, RetryAfter = TimeSpan.FromSeconds(3) }, () => backlog);
        using (var refused = await admission.AcquireAsync(Ingest(), cancellationToken: Ct))
        {
            var overload = Assert.IsType<OverloadLease>(refused);
            Assert.Equal(OverloadLease.ReadModelBacklog, overload.Reason);
            Assert.True(overload.TryGetMetadata(MetadataName.RetryAfter, out var after));
            Assert.Equal(TimeSpan.FromSeconds(3), after);
        }

        backlog = 100;
        using var admitted = await admission.AcquireAsync(Ingest(), cancellationToken: Ct);
        Assert.True(admitted.IsAcquired);
    }

    [Fact]
    public async Task An_overload_is_a_503_and_a_spent_caller_limit_a_429_each_with_retry_after_and_a_problem_body()
    {
        var overload = await RejectAsync(new OverloadLease(OverloadLease.RequestsQueued, "every ingest slot and queue place is taken", TimeSpan.FromSeconds(2)));
        Assert.Equal((503, "2"), (overload.Response.StatusCode, overload.Response.Headers.RetryAfter.ToString()));
        var body = await ProblemAsync(overload);
        Assert.Equal((503, "Service overloaded"), (body.GetProperty("status").GetInt32(), body.GetProperty("title").GetString()));

        using var bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(4),
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        using var spent = bucket.AttemptAcquire();
        Assert.True(spent.IsAcquired);
        var tooMany = await RejectAsync(bucket.AttemptAcquire());
        Assert.Equal((429, "4"), (tooMany.Response.StatusCode, tooMany.Response.Headers.RetryAfter.ToString()));
        Assert.Equal(429, (await ProblemAsync(tooMany)).GetProperty("status").GetInt32());

        using var queueFull = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        using var held = queueFull.AttemptAcquire();
        var noTime = await RejectAsync(queueFull.AttemptAcquire());
        Assert.Equal((429, "1"), (noTime.Response.StatusCode, noTime.Response.Headers.RetryAfter.ToString()));
    }

    [Fact]
    public void Shedding_is_logged_once_when_it_starts_and_once_when_ingest_is_admitted_after_a_quiet_period()
    {
        var logs = new FakeLogCollector();
        var time = new FakeTimeProvider();
        var shedding = new IngestShedding(time, null, new FakeLogger<IngestShedding>(logs));
        using var admission = new IngestAdmission(new IngestOptions { MaxConcurrentRequests = 1, QueueLimit = 0 }, () => 0, shedding);
        var held = admission.AttemptAcquire(Ingest());
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(admission.AttemptAcquire(Ingest()).IsAcquired);
        }

        held.Dispose();
        time.Advance(IngestShedding.QuietPeriod - TimeSpan.FromSeconds(1));
        admission.AttemptAcquire(Ingest()).Dispose();
        Assert.Single(logs.GetSnapshot());

        time.Advance(TimeSpan.FromSeconds(1));
        admission.AttemptAcquire(Ingest()).Dispose();
        admission.AttemptAcquire(Ingest()).Dispose();
        Assert.Collection(
            logs.GetSnapshot(),
            r => Assert.Equal((LogLevel.Warning, "Ingest at capacity (requests_queued): refusing ingest requests with 503 and Retry-After"), (r.Level, r.Message)),
            r =>
            {
                Assert.Equal(LogLevel.Information, r.Level);
                Assert.StartsWith("Ingest below capacity again: refused 3 requests over 2", r.Message, StringComparison.Ordinal);
            });
    }

    private static async Task<HttpContext> RejectAsync(RateLimitLease lease)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        await RateLimitRejections.WriteAsync(new OnRejectedContext { HttpContext = http, Lease = lease }, Ct);
        lease.Dispose();
        return http;
    }

    private static async Task<JsonElement> ProblemAsync(HttpContext http)
    {
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        http.Response.Body.Position = 0;
        return (await JsonDocument.ParseAsync(http.Response.Body, cancellationToken: Ct)).RootElement;
    }

    private static DefaultHttpContext Ingest()
    {
        var http = new DefaultHttpContext();
        http.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(IngestEndpoint.Instance), "ingest"));
        return http;
    }

    private static DefaultHttpContext Other()
    {
        var http = new DefaultHttpContext();
        http.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(), "other"));
        return http;
    }
}
