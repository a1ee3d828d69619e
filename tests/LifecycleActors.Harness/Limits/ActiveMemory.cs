using System.Diagnostics;
using System.Globalization;
using System.Net;
using LifecycleActors.Grains;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// (e) What a customer costs in memory: the silo runs inside this process (SQLite in a temporary directory), a first
/// order of <c>customers</c> new customers goes through its API, and the managed heap after a full collection is
/// compared with the heap before, with every one of them active; then every activation is collected and the heap is
/// measured again (an idle customer lives in the database only). The state alone is measured apart: the same
/// customers' grain states built directly, with nothing else.
/// </summary>
internal static class ActiveMemory
{
    private const int Batch = 1000;
    private const int InFlight = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SettleStep = TimeSpan.FromSeconds(5);

    /// <param name="PerActive">Heap bytes per active customer, everything the silo holds for it.</param>
    /// <param name="StateOnly">Heap bytes of one customer's grain state alone.</param>
    /// <param name="PerIdle">Heap bytes per customer once all of them were deactivated.</param>
    public sealed record Result(int Activated, double PerActive, double StateOnly, double PerIdle, long Baseline, TimeSpan Activating, TimeSpan Deactivating);

    /// <param name="siloArguments">Settings added to the silo's (where customers live, say).</param>
    public static async Task<Result> MeasureAsync(string dataDirectory, int customers, IEnumerable<string> siloArguments, TextWriter progress)
    {
        var stateOnly = StateBytes(Math.Min(customers, 100_000));
        Directory.CreateDirectory(dataDirectory);
        await using var app = await SiloApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Lifecycle", $"Data Source={Path.Combine(dataDirectory, "lifecycle.db")};Pooling=True;Default Timeout=30",
            "--Lifecycle:Tenants:0:Id", BenchSilo.Tenant,
            "--Lifecycle:Tenants:0:ApiKey", BenchSilo.ApiKey,
            "--Lifecycle:RateLimit:RequestsPerSecond", "100000",
            "--Lifecycle:Grains:CollectionAge", "02:00:00",
            "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Error",
            .. siloArguments,
        ]);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Add("X-Api-Key", BenchSilo.ApiKey);
        var active = app.Services.GetRequiredService<ActiveCustomers>();

        // Warm: every code path and pool in use before the baseline.
        await SendAsync(api, "warm", Batch, progress: null);
        await WaitAsync(() => active.Count >= Batch, "warm-up customers active");
        var baseline = Heap();

        var activating = Stopwatch.StartNew();
        await SendAsync(api, "mem", customers, progress);
        await WaitAsync(() => active.Count >= customers + Batch, "every customer active");
        await app.Services.GetRequiredService<IReadModelWriter>().FlushAsync(CancellationToken.None);
        activating.Stop();
        var withActive = Heap();
        progress.WriteLine(Figures.Format($"    {active.Count:N0} customers active in {activating.Elapsed.TotalSeconds:F0} s; heap {withActive / 1048576.0:N0} MiB (baseline {baseline / 1048576.0:N0} MiB)"));

        var deactivating = Stopwatch.StartNew();
        var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

        // A forced collection answers once it is done, later than a call may take, and stops where the call timed
        // out; so it is asked again until no customer is in memory (each one writes its snapshot first; customers
        // living in their partition leave with it).
        while (await CustomerActivationsAsync(management) != 0 || active.Count != 0)
        {
            if (deactivating.Elapsed > Deadline)
            {
                throw new TimeoutException($"customer activations still there after {Deadline}");
            }

            try
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                // Collected what it could; the loop looks again.
            }
        }

        // Orleans stops waiting for a deactivation after its timeout, while the customer may still be writing its
        // snapshot (holding its state); the idle heap is measured once every one of them has finished.
        await WaitAsync(() => active.Deactivating == 0, "deactivated customers' last snapshots written or given up");

        // The rows the deactivations wrote are committed, not waiting in the writer's queue.
        await app.Services.GetRequiredService<IReadModelWriter>().FlushAsync(CancellationToken.None);
        deactivating.Stop();
        progress.WriteLine(Figures.Format(
            $"    all deactivated in {deactivating.Elapsed.TotalSeconds:F0} s ({active.SnapshotsLeftToLog:N0} ran out of time before their snapshot, their changes stay in the log); heap {Heap() / 1048576.0:N0} MiB"));

        // Deactivations that ran out of time still hold their activations for a while after the last one finished
        // (a run measured 3 987 MiB at that moment and 419 MiB fifteen seconds later): the idle heap is the one that
        // stopped changing.
        var settling = Stopwatch.StartNew();
        var idle = await SettledHeapAsync();
        progress.WriteLine(Figures.Format($"    heap settled at {idle / 1048576.0:N0} MiB after {settling.Elapsed.TotalSeconds:F0} s more"));
        await app.StopAsync();

        return new Result(customers, (double)(withActive - baseline) / customers, stateOnly, (double)(idle - baseline) / customers, baseline, activating.Elapsed, deactivating.Elapsed);
    }

    /// <summary>Customer activations on the silo; -1 when the silo was too busy deactivating to answer in time.</summary>
    private static async Task<int> CustomerActivationsAsync(IManagementGrain management)
    {
        try
        {
            return (await management.GetSimpleGrainStatistics()).Where(g => g.GrainType.Contains("CustomerGrain", StringComparison.Ordinal)).Sum(g => g.ActivationCount);
        }
        catch (TimeoutException)
        {
            return -1;
        }
    }

    /// <summary>A first order for each of <paramref name="count"/> new customers named after <paramref name="prefix"/>.</summary>
    internal static async Task SendAsync(HttpClient api, string prefix, int count, TextWriter? progress)
    {
        var now = DateTimeOffset.UtcNow;
        var next = -1;
        long sent = 0;
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) * Batch < count)
            {
                var first = batch * Batch;
                var events = Enumerable.Range(first, Math.Min(Batch, count - first))
                    .Select(i => CustomerEvent.Order($"{prefix}-{i}:0", $"{prefix}-{i}", now, "o-1", 25m))
                    .ToArray();
                using var content = new ByteArrayContent(EventJson.WriteBatch(events));
                content.Headers.ContentType = new("application/json");
                using var response = await api.PostAsync("/api/v1/events", content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"the silo answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                var total = Interlocked.Add(ref sent, events.Length);
                if (progress is not null && total % 100_000 < Batch)
                {
                    progress.WriteLine(Figures.Format($"    {started.Elapsed.TotalSeconds,3:F0} s  {total,10:N0} customers sent"));
                }
            }
        }));
        await Task.WhenAll(workers);
    }

    /// <summary>Heap bytes per grain state of a customer with one order, built directly.</summary>
    private static double StateBytes(int count)
    {
        var rules = new CustomerRules(new RuleOptions());
        var facts = new TenantFacts(1500m, 30);
        var now = DateTimeOffset.UtcNow;
        var before = Heap();
        var states = new CustomerGrainState[count];
        for (var i = 0; i < count; i++)
        {
            states[i] = new CustomerGrainState();
            rules.Apply(states[i].Rules, CustomerEvent.Order($"state-{i}:0", $"state-{i}", now, "o-1", 25m), facts, now);
        }

        var after = Heap();
        GC.KeepAlive(states);
        return (double)(after - before) / count;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The heap once four readings 5 s apart agree within 1 %.</summary>
    private static async Task<long> SettledHeapAsync()
    {
        var waiting = Stopwatch.StartNew();
        var readings = new List<long> { Heap() };
        while (readings.Count < 4 || readings.TakeLast(4).Max() - readings.TakeLast(4).Min() > readings[^1] / 100)
        {
            if (waiting.Elapsed > Deadline)
            {
                throw new TimeoutException($"the heap did not settle within {Deadline}: {string.Join(", ", readings.Select(r => $"{r / 1048576} MiB"))}");
            }

            await Task.Delay(SettleStep);
            readings.Add(Heap());
        }

        return readings[^1];
    }

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var waiting = Stopwatch.StartNew();
        while (!done())
        {
            if (waiting.Elapsed > Deadline)
            {
                throw new TimeoutException($"{what}: not within {Deadline}");
            }

            await Task.Delay(100);
        }
    }
}
