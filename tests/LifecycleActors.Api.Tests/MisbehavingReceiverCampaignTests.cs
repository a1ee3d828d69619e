using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// Campaigns whose receivers misbehave on real loopback sockets (no answer, trickled headers, a trickled 503 body, a
/// 200 after 30 s, a redirect to the cloud metadata address), next to a healthy campaign of the same shop and one of
/// another shop, in the real silo (<see cref="CampaignHost"/>: 1 s attempt timeout, three attempts, retries after
/// 100–300 ms, due entries looked for every 100 ms).
/// </summary>
public sealed partial class MisbehavingReceiverCampaignTests(TwoShopCampaignHost host) : IClassFixture<TwoShopCampaignHost>
{
    /// <summary>Customers entering every campaign before the healthy receivers are probed.</summary>
    private const int Loaded = 3;

    /// <summary>Healthy sends timed while the misbehaving receivers hang (one per shop each round).</summary>
    private const int Probes = 5;

    private const int Attempts = 3;

    private const string Healthy = "z-healthy";

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>What a healthy send may take from the order's 202 to the receiver, whatever the bad receivers do.</summary>
    private static readonly TimeSpan HealthyBound = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Misbehaving_receivers_are_bounded_retried_and_dead_lettered_while_other_campaigns_and_shops_are_served_on_time()
    {
        await using var healthyA = await WebhookReceiver.StartAsync();
        await using var healthyB = await WebhookReceiver.StartAsync();
        var bad = new Dictionary<string, MisbehavingReceiver>
        {
            ["a-never-answers"] = MisbehavingReceiver.Start(Misbehaviour.NeverAnswers),
            ["a-trickles-headers"] = MisbehavingReceiver.Start(Misbehaviour.TricklesHeaders),
            ["a-trickles-body"] = MisbehavingReceiver.Start(Misbehaviour.TricklesBody),
            ["a-answers-late"] = MisbehavingReceiver.Start(Misbehaviour.AnswersLate),
            ["a-redirects"] = MisbehavingReceiver.Start(Misbehaviour.Redirects, location: new Uri("http://169.254.169.254/latest/meta-data/")),
        };
        try
        {
            // The healthy campaign of shop-a comes after every bad one, in creation order and by id: a customer
            // offers its transition to the bad campaigns first.
            foreach (var (id, receiver) in bad)
            {
                await host.CreateCampaignAsync(Webhook(id, receiver.Url));
            }

            await host.CreateCampaignAsync(Webhook(Healthy, healthyA.Url));
            await CreateAsDoraAsync(Webhook(Healthy, healthyB.Url));

            var started = Stopwatch.GetTimestamp();
            await PostOrdersAsync(ApiHost.KeyA, "load", Loaded);
            foreach (var receiver in bad.Values.Where(r => r.Kind != Misbehaviour.Redirects))
            {
                await receiver.WaitForRequestsAsync(1, Deadline);
            }

            // The bad receivers now hang; the healthy ones of both shops are timed meanwhile.
            var during = await ProbeAsync(healthyA, healthyB, "probe", Probes, acceptedA: Loaded, acceptedB: 0);
            var probesEnded = DateTimeOffset.UtcNow;
            Assert.All(during.A.Concat(during.B), latency => Assert.True(latency < HealthyBound, $"a healthy send took {latency.TotalMilliseconds:F0} ms"));

            using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
            var entries = Loaded + Probes;
            var deadLetters = new Dictionary<string, JsonElement[]>();
            foreach (var id in bad.Keys)
            {
                deadLetters[id] = await DeadLettersAsync(carol, id, entries);
            }

            var toDeadLetter = Stopwatch.GetElapsedTime(started);
            foreach (var (id, receiver) in bad)
            {
                var items = deadLetters[id];
                if (receiver.Kind == Misbehaviour.Redirects)
                {
                    // Refused at once: retrying a redirect cannot help, and it is never followed.
                    Assert.All(items, item =>
                    {
                        Assert.Equal("failed", item.GetProperty("status").GetString());
                        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
                        Assert.Equal("HTTP 302 Found: redirects are not followed; set the final address as action.url", item.GetProperty("lastError").GetString());
                    });
                    Assert.Equal(entries, receiver.Requests.Count);
                    continue;
                }

                Assert.All(items, item =>
                {
                    Assert.Equal("dead_lettered", item.GetProperty("status").GetString());
                    Assert.Equal(Attempts, item.GetProperty("attempts").GetInt32());
                    var error = item.GetProperty("lastError").GetString()!;
                    if (receiver.Kind == Misbehaviour.TricklesBody)
                    {
                        Assert.StartsWith("HTTP 503 Service Unavailable", error, StringComparison.Ordinal);
                    }
                    else
                    {
                        Assert.InRange(GaveUpAfter(error)!.Value, AttemptTimeout - TimeSpan.FromMilliseconds(50), AttemptTimeout + TimeSpan.FromSeconds(2));
                    }
                });

                // Exactly the attempts the schedule allows, each with the entry's one idempotency key.
                await receiver.WaitForRequestsAsync(entries * Attempts, Deadline);
                Assert.Equal(entries * Attempts, receiver.Requests.Count);
                Assert.All(receiver.Requests.GroupBy(r => r.IdempotencyKey), attemptsOfOne => Assert.Equal(Attempts, attemptsOfOne.Count()));

                // The probes were timed while this receiver was still being tried.
                Assert.True(receiver.Requests.Max(r => r.ReceivedAt) > probesEnded, $"{id}: its last attempt came before the probes ended");
            }

            // With the bad campaigns paused, the same probes give the healthy latency without them.
            foreach (var id in bad.Keys)
            {
                Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"/api/v1/campaigns/{id}/pause", null, Ct)).StatusCode);
            }

            var baseline = await ProbeAsync(healthyA, healthyB, "after", 2, acceptedA: Loaded + Probes, acceptedB: Probes);

            // The healthy campaigns sent every entry, each accepted once (a send the silo timed out on a very busy
            // machine would be retried with the same key, which the receiver accepts once).
            Assert.Equal(Loaded + Probes + 2, healthyA.Accepted.Count);
            Assert.Equal(Probes + 2, healthyB.Accepted.Count);
            Assert.All(healthyA.Requests.Concat(healthyB.Requests), request => Assert.True(request.SignatureValid));

            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"healthy latency while {bad.Count} bad receivers hang: {Describe(during.A)} (shop-a, same shop), {Describe(during.B)} (shop-b); "
                + $"with the bad campaigns paused: {Describe(baseline.A)} (shop-a), {Describe(baseline.B)} (shop-b); "
                + $"healthy requests {healthyA.Requests.Count + healthyB.Requests.Count} for {healthyA.Accepted.Count + healthyB.Accepted.Count} sends; "
                + $"{bad.Count - 1}×{entries} entries dead-lettered after {Attempts} attempts and {entries} redirects failed at once, "
                + $"all within {toDeadLetter.TotalSeconds:F1} s of the first order; last attempts gave up after "
                + $"{string.Join(", ", deadLetters.Select(d => (d.Key, Times: d.Value.Select(i => GaveUpAfter(i.GetProperty("lastError").GetString()!)).OfType<TimeSpan>().ToList())).Where(d => d.Times.Count > 0).Select(d => $"{d.Key} {Median(d.Times):F0} ms"))} (median)"));
        }
        finally
        {
            foreach (var receiver in bad.Values)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    /// <summary>Sends one order per shop per round and times each from its POST until its webhook reached the healthy receiver.</summary>
    private async Task<(List<TimeSpan> A, List<TimeSpan> B)> ProbeAsync(
        WebhookReceiver healthyA, WebhookReceiver healthyB, string prefix, int rounds, int acceptedA, int acceptedB)
    {
        var a = new List<TimeSpan>();
        var b = new List<TimeSpan>();
        for (var i = 0; i < rounds; i++)
        {
            var customer = $"{prefix}-{i}";
            var postedA = await PostOrdersAsync(ApiHost.KeyA, customer, 1);
            var postedB = await PostOrdersAsync(ApiHost.KeyB, customer, 1);
            await healthyA.WaitForAcceptedAsync(acceptedA + i + 1, Deadline);
            await healthyB.WaitForAcceptedAsync(acceptedB + i + 1, Deadline);
            a.Add(ReceivedAt(healthyA, $"shop-a:{Healthy}:{customer}-0:1") - postedA);
            b.Add(ReceivedAt(healthyB, $"shop-b:{Healthy}:{customer}-0:1") - postedB);
        }

        return (a, b);
    }

    private static DateTimeOffset ReceivedAt(WebhookReceiver receiver, string key) =>
        receiver.Requests.Where(r => r.IdempotencyKey == key).Select(r => r.ReceivedAt).DefaultIfEmpty().Min() is var at && at != default
            ? at
            : throw new InvalidOperationException($"no request with key {key}; keys: {string.Join(", ", receiver.Requests.Select(r => r.IdempotencyKey))}");

    private static async Task<JsonElement[]> DeadLettersAsync(HttpClient admin, string campaignId, int count)
    {
        var dead = await Eventually.Get(
            async () => await admin.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaignId}/dead-letters", Ct),
            d => d.GetProperty("items").GetArrayLength() >= count,
            timeout: Deadline,
            what: $"{count} dead letters of {campaignId}");
        return [.. dead.GetProperty("items").EnumerateArray()];
    }

    /// <summary>The attempt time in a timeout's error text (<c>timed out after 1004 ms</c>); null for other texts.</summary>
    private static TimeSpan? GaveUpAfter(string error) =>
        TimedOutAfter().Match(error) is { Success: true } match
            ? TimeSpan.FromMilliseconds(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture))
            : null;

    private static object Webhook(string id, Uri url) => new
    {
        id,
        name = id,
        trigger = new { kind = "stage", to = "one_time" },
        action = new { type = "webhook", url = url.ToString(), secret = WebhookReceiver.Secret, templateId = $"tpl-{id}" },
    };

    private async Task CreateAsDoraAsync(object campaign)
    {
        using var dora = await CampaignHost.AgentClientAsync(host.BaseAddress, "dora", TwoShopCampaignHost.DoraPassword);
        var response = await dora.PostAsJsonAsync("/api/v1/campaigns", campaign, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, (await response.Json()).ToString());
    }

    /// <returns>When the events were posted.</returns>
    private async Task<DateTimeOffset> PostOrdersAsync(string apiKey, string prefix, int customers)
    {
        using var client = host.Client(apiKey);
        var posted = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, customers)
            .Select(i => Body.Order($"{prefix}-e{i}", $"{prefix}-{i}", $"{prefix}-o{i}", 25m, DateTimeOffset.UtcNow.AddMinutes(-1)))
            .ToArray();
        var response = await client.PostAsync("/api/v1/events", Body.Of(events), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return posted;
    }

    private static string Describe(List<TimeSpan> latencies) =>
        string.Create(CultureInfo.InvariantCulture, $"median {Median(latencies):F0} ms, max {latencies.Max().TotalMilliseconds:F0} ms");

    private static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2].TotalMilliseconds;
    }

    [GeneratedRegex(@"^timed out after (\d+) ms$")]
    private static partial Regex TimedOutAfter();
}
