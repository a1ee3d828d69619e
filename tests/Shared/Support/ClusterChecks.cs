using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// What must hold for every customer of a <see cref="FailoverShop"/> once the load has stopped, read through the API
/// of the silos still up: each check returns what is wrong with one customer, or null. A check is retried until it
/// passes or <see cref="Patience"/> (for all of them together) runs out, because some of what it reads is written
/// behind or repaired by the recovery pass. More checks (campaign
/// messages sent once per transition, say) are added to <see cref="All"/>.
/// </summary>
internal static class ClusterChecks
{
    public delegate Task<string?> CustomerCheck(HttpClient api, string customerId, FailoverShop.Expected expected);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<(string Name, CustomerCheck Check)> All { get; } =
    [
        ("state: every acknowledged event applied once", StateAsync),
        ("timeline: every event once, every transition once, sequences 1..n", TimelineAsync),
    ];

    /// <summary>Runs every check on every customer; fails the test listing the first problems.</summary>
    public static Task VerifyAsync(IReadOnlyList<Uri> silos, FailoverShop shop, ClusterLoad load) => VerifyAsync(silos, shop, load.AcknowledgedOf);

    /// <summary>Runs every check on every customer, given how many events of customer <c>i</c> were acknowledged.</summary>
    public static async Task VerifyAsync(IReadOnlyList<Uri> silos, FailoverShop shop, Func<int, int> acknowledgedOf)
    {
        var clients = silos.Select(Api).ToArray();
        var problems = new ConcurrentQueue<string>();
        var deadline = Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, shop.Customers),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
                async (index, _) =>
                {
                    var api = clients[index % clients.Length];
                    var expected = FailoverShop.ExpectedAfter(acknowledgedOf(index));
                    foreach (var (name, check) in All)
                    {
                        if (await PatientlyAsync(() => check(api, shop.CustomerId(index), expected), deadline) is { } problem)
                        {
                            problems.Enqueue($"{shop.CustomerId(index)} ({api.BaseAddress}) {name}: {problem}");
                        }
                    }
                });
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        Assert.True(problems.IsEmpty, $"{problems.Count} problems, first ones:\n{string.Join("\n", problems.Take(10))}");
    }

    /// <summary>The shared projection (stats, read through <paramref name="silo"/>) counts exactly <paramref name="events"/> applied events.</summary>
    public static async Task AssertStatsCountAsync(Uri silo, long events)
    {
        using var api = Api(silo);
        await Eventually.Get(
            async () => (await (await api.GetAsync("/api/v1/stats", TestContext.Current.CancellationToken)).Json()).GetProperty("eventsApplied").GetInt64(),
            applied => applied == events,
            timeout: TimeSpan.FromSeconds(45),
            what: $"stats count the {events} events acknowledged");
    }

    /// <summary>Waits until the load has acknowledged <paramref name="events"/> events (fails at once if it gave up a request).</summary>
    public static Task WaitForEventsAsync(ClusterLoad load, long events) =>
        Eventually.Get(
            () => Task.FromResult(load.Abandoned is null ? load.Events : long.MaxValue),
            acknowledged => acknowledged >= events,
            timeout: TimeSpan.FromSeconds(90),
            what: $"{events} events acknowledged under load");

    /// <summary>A client of one silo's API for the test tenant.</summary>
    public static HttpClient Api(Uri silo)
    {
        var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloCluster.ApiKey);
        return client;
    }

    /// <summary>The customer as its grain answers it, compared with the expected state: nothing lost, nothing counted twice.</summary>
    private static async Task<string?> StateAsync(HttpClient api, string customerId, FailoverShop.Expected expected)
    {
        using var response = await api.GetAsync($"/api/v1/customers/{customerId}", TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"HTTP {(int)response.StatusCode}";
        }

        var json = await response.Json();
        var got = (EventsApplied: json.GetProperty("eventsApplied").GetInt32(), Orders: json.GetProperty("orders").GetInt32(),
            NetSpend: json.GetProperty("netSpend").GetDecimal(), Stage: json.GetProperty("stage").GetString());
        var want = (expected.EventsApplied, expected.Orders, expected.NetSpend, expected.Stage);
        return got == want ? null : $"expected {want}, got {got}";
    }

    /// <summary>The timeline from the log and the transitions table: each event once, each expected transition once.</summary>
    private static async Task<string?> TimelineAsync(HttpClient api, string customerId, FailoverShop.Expected expected)
    {
        var events = 0;
        var transitions = new List<(long Sequence, string Change)>();
        string? cursor = null;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>(
                $"/api/v1/customers/{customerId}/timeline?limit=500{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}", TestContext.Current.CancellationToken);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("kind").GetString() == "event")
                {
                    events++;
                }
                else
                {
                    var t = item.GetProperty("transition");
                    transitions.Add((t.GetProperty("sequence").GetInt64(), $"{t.GetProperty("kind").GetString()} {t.GetProperty("from").GetString()}→{t.GetProperty("to").GetString()}"));
                }
            }

            cursor = page.GetProperty("nextCursor") is { ValueKind: JsonValueKind.String } next ? next.GetString() : null;
        }
        while (cursor is not null);

        var sequences = transitions.Select(t => t.Sequence).Order().ToList();
        var stageChanges = transitions.OrderBy(t => t.Sequence).Where(t => t.Change.StartsWith("stage ", StringComparison.Ordinal)).Select(t => t.Change["stage ".Length..]);
        return events != expected.EventsApplied ? $"{events} events in the timeline, expected {expected.EventsApplied}"
            : !sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(i => (long)i)) ? $"transition sequences {string.Join(",", sequences)}"
            : !stageChanges.SequenceEqual(expected.StageChanges) ? $"stage transitions [{string.Join(", ", stageChanges)}], expected [{string.Join(", ", expected.StageChanges)}]"
            : null;
    }

    private static async Task<string?> PatientlyAsync(Func<Task<string?>> check, long deadline)
    {
        while (true)
        {
            string? problem;
            try
            {
                problem = await check();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                problem = ex.Message;
            }

            if (problem is null || Stopwatch.GetTimestamp() > deadline)
            {
                return problem;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
