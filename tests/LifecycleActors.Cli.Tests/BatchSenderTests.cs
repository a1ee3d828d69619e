using System.Text;
using System.Text.Json;
using LifecycleActors.Cli.Service;
using LifecycleActors.Cli.Tests.Support;
using LifecycleActors.Ingestion;
using LifecycleActors.Traffic;

namespace LifecycleActors.Cli.Tests;

/// <summary>The sender against a fake HTTP server: acknowledgement, retry with the same ids, and failing fast.</summary>
public sealed class BatchSenderTests
{
    private static readonly RetryPolicy FastRetries = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    private static byte[] Batch(int events)
    {
        var traffic = new StorefrontTraffic(seed: 7, customers: 10, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromSeconds(1), "test-run");
        return EventJson.WriteBatch(traffic.Take(events));
    }

    private static (BatchSender Sender, LatencyRecorder Latencies, List<string> Retries, HttpClient Http) SenderFor(FakeHttpServer server, string apiKey = "key")
    {
        var http = ServiceHttpClient.Create(concurrency: 2);
        var latencies = new LatencyRecorder();
        var retries = new List<string>();
        var sender = new BatchSender(http, new Uri(server.BaseUrl, "api/v1/events"), apiKey, FastRetries, latencies) { OnRetry = retries.Add };
        return (sender, latencies, retries, http);
    }

    [Fact]
    public async Task A_202_is_read_as_the_acknowledgement_and_its_latency_recorded()
    {
        await using var server = new FakeHttpServer(_ => FakeResponse.Json(202,
            """{"accepted":3,"duplicates":1,"rejected":[{"index":4,"id":"test-run-5","error":"occurredAt: in the future"}]}"""));
        var (sender, latencies, retries, http) = SenderFor(server);
        using var _ = http;
        using var deadline = Deadline.Default();
        var body = Batch(5);

        var ack = await sender.SendAsync(body, deadline.Token);

        Assert.Equal(new BatchAck(3, 1, 1, "test-run-5: occurredAt: in the future", 0), ack);
        Assert.Equal(1, latencies.Summarize().Count);
        Assert.Empty(retries);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/v1/events"), (request.Method, request.Path));
        Assert.Equal("key", request.Headers["X-Api-Key"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(body, request.Body);
        Assert.Equal(5, JsonDocument.Parse(request.Body).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_503_is_retried_with_the_same_body_and_the_retry_counted()
    {
        var calls = 0;
        await using var server = new FakeHttpServer(_ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json(503, """{"title":"Service Unavailable"}""")
            : FakeResponse.Json(202, """{"accepted":4,"duplicates":0,"rejected":[]}"""));
        var (sender, latencies, retries, http) = SenderFor(server);
        using var _ = http;
        using var deadline = Deadline.Default();

        var ack = await sender.SendAsync(Batch(4), deadline.Token);

        Assert.Equal(new BatchAck(4, 0, 0, null, 1), ack);
        Assert.Equal(["503 Service Unavailable"], retries);
        Assert.Equal(1, latencies.Summarize().Count);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal(EventIds(requests[0]), EventIds(requests[1]));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_like_any_network_error()
    {
        var calls = 0;
        await using var server = new FakeHttpServer(_ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Drop
            : FakeResponse.Json(202, """{"accepted":2,"duplicates":0,"rejected":[]}"""));
        var (sender, _, retries, http) = SenderFor(server);
        using var __ = http;
        using var deadline = Deadline.Default();

        var ack = await sender.SendAsync(Batch(2), deadline.Token);

        Assert.Equal(1, ack.Retries);
        Assert.Single(retries);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(EventIds(server.Requests[0]), EventIds(server.Requests[1]));
    }

    [Theory]
    [InlineData(401, """{"title":"Unauthorized","status":401,"detail":"a valid X-Api-Key header is required","field":"X-Api-Key"}""", "(check --api-key)")]
    [InlineData(400, """{"title":"Invalid request","status":400,"detail":"body: not a JSON array of events","field":"body"}""", "400 Bad Request")]
    [InlineData(413, """{"title":"Payload too large","status":413,"detail":"the batch has 1001 events","field":"body"}""", "(lower --batch)")]
    public async Task A_refusal_fails_fast_with_the_problem_details(int status, string problem, string hint)
    {
        await using var server = new FakeHttpServer(_ => new FakeResponse(status, problem, "application/problem+json"));
        var (sender, latencies, retries, http) = SenderFor(server, apiKey: "wrong");
        using var _ = http;
        using var deadline = Deadline.Default();

        var error = await Assert.ThrowsAsync<RunAbortedException>(() => sender.SendAsync(Batch(1), deadline.Token));

        Assert.Contains($"answered {status}", error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(problem, error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Empty(retries);
        Assert.Equal(0, latencies.Summarize().Count);
    }

    [Fact]
    public async Task Retries_end_at_the_limit_with_the_last_failure()
    {
        await using var server = new FakeHttpServer(_ => FakeResponse.Json(429, """{"title":"Too Many Requests"}"""));
        var (sender, _, retries, http) = SenderFor(server);
        using var __ = http;
        using var deadline = Deadline.Default();

        var error = await Assert.ThrowsAsync<RunAbortedException>(() => sender.SendAsync(Batch(1), deadline.Token));

        Assert.Contains("failed after 3 retries (--max-retries); last failure: 429 Too Many Requests", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, retries.Count);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task A_202_of_another_shape_stops_the_run()
    {
        await using var server = new FakeHttpServer(_ => FakeResponse.Json(202, """{"ok":true}"""));
        var (sender, _, _, http) = SenderFor(server);
        using var __ = http;
        using var deadline = Deadline.Default();

        var error = await Assert.ThrowsAsync<RunAbortedException>(() => sender.SendAsync(Batch(1), deadline.Token));

        Assert.Contains("answered 202 but the body is not an acknowledgement", error.Message, StringComparison.Ordinal);
    }

    private static List<string> EventIds(FakeRequest request) =>
        [.. JsonDocument.Parse(Encoding.UTF8.GetString(request.Body)).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
}
