using System.Net;
using System.Text;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// Ingest admission on a real silo limited to one ingest request at a time and no queue: while a slow client holds
/// the one slot (its body not yet sent), other events requests and shop webhooks are answered 503 at once, with
/// <c>Retry-After</c> and a problem body; the held request is then acknowledged, the refused ones are acknowledged
/// when sent again, and every acknowledged event is applied exactly once.
/// </summary>
public sealed class IngestSheddingTests(IngestSheddingTests.Host host) : IClassFixture<IngestSheddingTests.Host>
{
    private const int Refused = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task At_capacity_ingest_is_refused_with_503_and_retry_after_and_what_was_acknowledged_is_applied_once()
    {
        using var client = host.Client();
        var releaseBody = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage>? held = null;

        // The slot is taken once a request that would otherwise be refused as invalid (400) is refused as overload. A
        // probe may take the slot first and the held request be refused: then it is sent again.
        await Eventually.Get(
            async () =>
            {
                if (held is null || held.IsCompleted)
                {
                    if (held is not null)
                    {
                        using var lost = await held;
                        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
                    }

                    held = client.PostAsync("/api/v1/events", new HeldBody(Events("held", 3), releaseBody.Task), Ct);
                    return (HttpStatusCode?)null;
                }

                using var probe = await client.PostAsync("/api/v1/events", Body.Raw("[]"), Ct);
                return probe.StatusCode;
            },
            status => status == HttpStatusCode.ServiceUnavailable,
            what: "the held request takes the only ingest slot");

        var refused = await Task.WhenAll(Enumerable.Range(0, Refused).Select(i => client.PostAsync("/api/v1/events", Body.Raw(Events($"r{i}", 2)), Ct)));
        foreach (var response in refused)
        {
            await AssertOverloadedAsync(response);
        }

        using (var webhook = await host.Client(null).PostAsync("/api/v1/webhooks/no-such-connector", Body.Raw("{}"), Ct))
        {
            await AssertOverloadedAsync(webhook);
        }

        // Reads are not ingest: they pass while ingest is at capacity.
        using (var stats = await client.GetAsync("/api/v1/stats", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        }

        releaseBody.SetResult();
        using (var acknowledged = await held!)
        {
            Assert.Equal(HttpStatusCode.Accepted, acknowledged.StatusCode);
            Assert.Equal(3, (await acknowledged.Json()).GetProperty("accepted").GetInt32());
        }

        // The slot is free again: the refused requests, sent again with the same event ids, are all acknowledged.
        for (var i = 0; i < Refused; i++)
        {
            using var again = await client.PostAsync("/api/v1/events", Body.Raw(Events($"r{i}", 2)), Ct);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            var answer = await again.Json();
            Assert.Equal((2, 0), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("duplicates").GetInt32()));
        }

        var expected = 3 + (Refused * 2);
        await Eventually.Get(
            async () => (await (await client.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
            applied => applied >= expected,
            what: $"{expected} events applied");
        foreach (var customer in new[] { "held" }.Concat(Enumerable.Range(0, Refused).Select(i => $"r{i}")))
        {
            var count = customer == "held" ? 3 : 2;
            var view = await Eventually.Get(
                async () => await (await client.GetAsync($"/api/v1/customers/shed-{customer}", Ct)).Json(),
                c => c.TryGetProperty("eventsApplied", out var n) && n.GetInt32() >= count,
                what: $"customer shed-{customer} applied");
            Assert.Equal(count, view.GetProperty("eventsApplied").GetInt32());
        }

        Assert.Equal(expected, (await (await client.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64());
    }

    private static async Task AssertOverloadedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        Assert.Equal((503, "Service overloaded"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString()));
        Assert.Contains("try again in 2 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        response.Dispose();
    }

    /// <summary><paramref name="count"/> visits (the first an order) of customer <c>shed-{customer}</c>, as a JSON body.</summary>
    private static string Events(string customer, int count) => JsonSerializer.Serialize(Enumerable.Range(0, count).Select(k => k == 0
        ? Body.Order($"shed-{customer}-{k}", $"shed-{customer}", $"o-{customer}", 10m)
        : Body.Event($"shed-{customer}-{k}", $"shed-{customer}", "visit")));

    /// <summary>A body whose bytes after the first are sent only once its release completes: a slow client holding its request open.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly Task _release;

        public HeldBody(string json, Task release)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            _release = release;
            Headers.ContentType = new("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_bytes.AsMemory(0, 1));
            await stream.FlushAsync();
            await _release;
            await stream.WriteAsync(_bytes.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }

    public sealed class Host : ApiHost
    {
        protected override IEnumerable<string> Arguments =>
        [
            "--Lifecycle:Ingest:MaxConcurrentRequests", "1",
            "--Lifecycle:Ingest:QueueLimit", "0",
            "--Lifecycle:Ingest:RetryAfter", "00:00:02",
        ];
    }
}
