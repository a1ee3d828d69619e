using System.Diagnostics;
using System.Security.Cryptography;
using LifecycleActors.Dashboard.Auth;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Harness.Live;

/// <summary>
/// How late the agents' live feed is under load: a Release silo ingests storefront traffic at a steady rate while a
/// signed-in agent listens on the hub; each <c>transition</c>'s arrival time (wall clock, same machine) minus its
/// <c>detectedAt</c> is its latency. Transitions of the warm-up are received but not measured.
/// </summary>
internal static class LiveLatencyHarness
{
    public const string Name = "live-latency";
    private const string ApiKey = "live-latency-key-0123456789abcdef";
    private const int SeedRate = 5000;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LiveLatencyOptions.Parse(args);
        Directory.CreateDirectory(options.DataDirectory);
        Console.WriteLine(LiveLatencyResult.Format(
            $"live latency: {options.Rate:N0} events/s for {options.Duration.TotalSeconds:F0} s over {options.Customers:N0} customers, warm-up {options.WarmUp.TotalSeconds:F0} s, data in {options.DataDirectory}"));
        var password = RandomNumberGenerator.GetHexString(32);
        var environment = new Dictionary<string, string>
        {
            [TenantConfiguration.BootstrapVariable] = ApiKey,
            [AgentDirectory.BootstrapPasswordVariable] = password,
        };
        int exitCode;
        await using (var silo = await BenchSilo.StartAsync(options.SiloDll, options.DataDirectory, [], environment))
        {
            exitCode = await MeasureAsync(silo.BaseAddress, password, options, CancellationToken.None);
        }

        if (exitCode != 0)
        {
            Console.WriteLine($"data and silo.log kept in {options.DataDirectory}");
        }
        else if (!options.KeepData)
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }

        return exitCode;
    }

    private static async Task<int> MeasureAsync(Uri silo, string password, LiveLatencyOptions options, CancellationToken ct)
    {
        using var api = new HttpClient { BaseAddress = silo };
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var counts = new ServiceCounts(api, Path.Combine(options.DataDirectory, "lifecycle-read.db"), AgentDirectory.BootstrapTenant);
        var latencies = new TransitionLatencies();
        await using var agent = await AgentFeed.ConnectAsync(
            silo, AgentDirectory.BootstrapUsername, password, (t, receivedAt) => latencies.Record(t.At, t.DetectedAt, receivedAt), ct);
        Console.WriteLine($"silo ready at {silo}, agent '{AgentDirectory.BootstrapUsername}' connected");

        var traffic = new LiveTraffic(options.Customers, $"live-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        var earlier = new PacedEventSender(api, traffic.NextEarlierOrder, SeedRate, options.InFlight);
        await earlier.RunAsync(traffic.ReturningCustomers, ct);
        var seeded = await counts.WaitAppliedAsync(earlier.Accepted, ApplyTimeout, ct);
        Console.WriteLine(LiveLatencyResult.Format($"{earlier.Accepted:N0} returning customers given an order {LiveTraffic.EarlierOrderAgo.TotalDays:F0} days back{(seeded ? "" : " (not all applied in time)")}; sending now"));

        var sender = new PacedEventSender(api, traffic.NextNow, options.Rate, options.InFlight);
        latencies.StartWarmUp(options.WarmUp);
        var sending = sender.RunAsync((long)(options.Rate * options.Duration.TotalSeconds), ct);
        await ReportProgressAsync(sending, sender, latencies);
        var sendTime = await sending;

        var applied = await counts.WaitAppliedAsync(earlier.Accepted + sender.Accepted, ApplyTimeout, ct);
        var recorded = await counts.TransitionsAsync(latencies.MeasureFrom, ct);
        var received = await WaitReceivedAsync(latencies, recorded.All);
        var changes = await counts.ChangesAsync(ct);
        new LiveLatencyResult(options, earlier.Accepted, sender.Sent, sender.Accepted, sender.Failed, sendTime, applied, recorded, changes, latencies).Print(Console.Out);
        if ((earlier.FirstFailure ?? sender.FirstFailure) is { } failure)
        {
            Console.WriteLine($"first refused request: {failure}");
        }

        return received && seeded && applied && earlier.Failed + sender.Failed == 0 ? 0 : 1;
    }

    private static async Task ReportProgressAsync(Task sending, PacedEventSender sender, TransitionLatencies latencies)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        var started = Stopwatch.StartNew();
        var (lastSent, measured) = (0L, 0);
        while (await Task.WhenAny(sending, timer.WaitForNextTickAsync().AsTask()) != sending)
        {
            var sent = sender.Sent;
            var recent = latencies.PushFrom(measured);
            measured += recent.Length;
            var window = recent.Length == 0
                ? "warm-up, not measured"
                : LiveLatencyResult.Format($"last {ProgressEvery.TotalSeconds:F0} s: {recent.Length:N0}, p50 / p90 / p99 / max {LiveLatencyResult.Quantiles(recent)}");
            Console.WriteLine(LiveLatencyResult.Format(
                $"  {started.Elapsed.TotalSeconds,3:F0} s  sent {sent,9:N0} ({(sent - lastSent) / ProgressEvery.TotalSeconds,6:N0}/s)  transitions received {latencies.Received,8:N0} ({window})"));
            lastSent = sent;
        }
    }

    /// <summary>Waits until the agent has received as many transitions as the service recorded; false on timeout.</summary>
    private static async Task<bool> WaitReceivedAsync(TransitionLatencies latencies, long recorded)
    {
        var waiting = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (latencies.Received < recorded)
        {
            if (waiting.Elapsed > ArrivalTimeout)
            {
                return false;
            }

            await poll.WaitForNextTickAsync();
        }

        return true;
    }
}
