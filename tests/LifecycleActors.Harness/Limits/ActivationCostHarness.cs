using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// What a cold customer costs the silo's CPU before any event is applied: a silo inside this process (SQLite), then
/// <c>--calls</c> reads of customer ids nobody sent anything (each one activates, reads its snapshot and its log,
/// finds nothing and deactivates) against as many reads of customers already active, 500 in flight; the process's
/// CPU time per read of each kind. The difference is an activation and a deactivation with their two empty reads:
/// two cores divided by it bound the rate of events that meet a cold customer, whatever else the events cost.
/// </summary>
internal static class ActivationCostHarness
{
    public const string Name = "activation-cost";
    private const int Known = 10_000;
    private const int InFlight = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = HarnessArguments.Value(args, "--calls") is { } given
            ? int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--calls: a positive whole number, not '{given}'")
            : 200_000;
        var data = Directory.CreateTempSubdirectory("lifecycle-activation-cost-").FullName;
        var output = Console.Out;
        try
        {
            await using var app = await SiloApp.BuildAsync(
            [
                "--urls", "http://127.0.0.1:0",
                "--ConnectionStrings:Lifecycle", $"Data Source={Path.Combine(data, "lifecycle.db")};Pooling=True;Default Timeout=30",
                "--Lifecycle:Tenants:0:Id", BenchSilo.Tenant,
                "--Lifecycle:Tenants:0:ApiKey", BenchSilo.ApiKey,
                "--Lifecycle:RateLimit:RequestsPerSecond", "100000",
                "--Lifecycle:Grains:CollectionAge", "02:00:00",
                "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                "--Logging:LogLevel:Default", "Error",
            ]);
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            api.DefaultRequestHeaders.Add("X-Api-Key", BenchSilo.ApiKey);
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            var active = app.Services.GetRequiredService<ActiveCustomers>();

            output.WriteLine(Figures.Format($"activation-cost: {Environment.ProcessorCount} cores; {Known:N0} active customers, {calls:N0} reads of each kind, {InFlight} in flight; data in {data}"));
            await ActiveMemory.SendAsync(api, "known", Known, progress: null);
            await WaitAsync(() => active.Count >= Known, "the known customers active");

            // Warm-up of both paths, then the two measured runs.
            await ReadAsync(grains, Math.Min(calls, 20_000), i => $"known-{i % Known}");
            await ReadAsync(grains, Math.Min(calls, 20_000), i => $"warm-up-{i}");
            await WaitAsync(() => active.Count <= Known, "the warm-up's unknown ids deactivated");

            var warm = await MeasureAsync(grains, calls, i => $"known-{i % Known}", () => Task.CompletedTask);
            output.WriteLine(Figures.Format($"  reads of active customers:      {warm.PerSecond,9:N0}/s, {warm.CpuMicroseconds,6:N1} µs CPU each"));
            var cold = await MeasureAsync(grains, calls, i => $"nobody-{i}", () => WaitAsync(() => active.Count <= Known, "the unknown ids deactivated"));
            output.WriteLine(Figures.Format($"  reads of customers not in memory: {cold.PerSecond,7:N0}/s, {cold.CpuMicroseconds,6:N1} µs CPU each (until every one deactivated)"));
            var cycle = cold.CpuMicroseconds - warm.CpuMicroseconds;
            output.WriteLine(Figures.Format($"  an activation and deactivation with two empty reads: {cycle:N1} µs CPU; {Environment.ProcessorCount} cores carry at most {Environment.ProcessorCount * 1e6 / cycle:N0} of them a second"));
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }

        return 0;
    }

    private sealed record Run(double PerSecond, double CpuMicroseconds);

    private static async Task<Run> MeasureAsync(IGrainFactory grains, int calls, Func<int, string> customer, Func<Task> settle)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await ReadAsync(grains, calls, customer);
        await settle();
        wall.Stop();
        process.Refresh();
        return new Run(calls / wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalMicroseconds / calls);
    }

    private static Task ReadAsync(IGrainFactory grains, int calls, Func<int, string> customer) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, calls),
            new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (i, _) => await grains.GetGrain<ICustomerGrain>(CustomerKey.Of(BenchSilo.Tenant, customer(i))).GetAsync());

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var waiting = Stopwatch.StartNew();
        while (!done())
        {
            if (waiting.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"{what}: not within 5 minutes");
            }

            await Task.Delay(20);
        }
    }
}
