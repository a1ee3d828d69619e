using System.Globalization;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Live;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// (f) Traffic as a shop sends it: events over a million customer ids with a Zipf-like popularity, in a silo that
/// collects an activation after a short idle time, so most events meet a customer that is not in memory (it activates,
/// reads its snapshot and its log, and later writes its snapshot as it is collected). Saturation as in (c), sustained,
/// on a fresh silo and database; reported with the share of events that met a cold customer (activations ÷ events).
/// </summary>
internal static class ColdTraffic
{
    private const int Seed = 21;

    /// <param name="Activations">Customer activations the silo counted while the traffic ran and was applied.</param>
    /// <param name="ExpectedColdShare">What the popularity predicts at the acknowledged rate and the collection age.</param>
    public sealed record Result(long Events, double Accepted, double? Applied, double AckP99, long Activations, double ExpectedColdShare)
    {
        public double ColdShare => Events == 0 ? 0 : (double)Activations / Events;
    }

    public static async Task<Result> MeasureAsync(LimitsOptions options, string dataDirectory, IEnumerable<string> siloArguments, TextWriter progress)
    {
        progress.WriteLine(Figures.Format($"    popularity over {options.ColdCustomers:N0} ids, exponent {options.ZipfExponent:F2}"));
        var popularity = new ZipfPopularity(options.ColdCustomers, options.ZipfExponent, Seed);
        Directory.CreateDirectory(dataDirectory);
        await using var silo = await BenchSilo.StartAsync(
            options.SiloDll,
            dataDirectory,
            siloArguments.Concat(["--Lifecycle:Grains:CollectionAge", options.CollectionAge.ToString("c", CultureInfo.InvariantCulture)]));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var shop = new FailoverShop("zipf", options.ColdCustomers, DateTimeOffset.UtcNow, popularity);
        var target = new ServiceSaturation.Target(silo.BaseAddress, BenchSilo.ApiKey);
        var before = await SiloMetrics.ActivationsAsync(http, silo.BaseAddress);
        var run = await ServiceSaturation.RunAsync(http, target, shop, _ => false, options.ColdTraffic, 0, progress);
        var activations = await SiloMetrics.ActivationsAsync(http, silo.BaseAddress) - before;
        var accepted = run.Load.Events / run.Sending.TotalSeconds;
        var ack = run.Load.AckMilliseconds.Order().ToArray();
        return new Result(
            run.Load.Events,
            accepted,
            run.Applied,
            TransitionLatencies.Percentile(ack, 0.99),
            activations,
            popularity.ExpectedColdShare(accepted * options.CollectionAge.TotalSeconds));
    }
}
