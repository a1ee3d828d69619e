using System.Globalization;
using LifecycleActors.Ingestion;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Silo.Tenants;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Traffic;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Hosting.Demo;

/// <summary>
/// Feeds the demo shop's events into the normal ingestion path (validated, logged durably, then applied), four times a
/// second, with the simulated clock running <see cref="DemoOptions.DaysPerSecond"/> days per second until it reaches
/// the present, then in real time. A restart continues from the tenant's stored watermark.
/// </summary>
public sealed partial class DemoTraffic(
    IOptions<DemoOptions> options, EventIngestion ingestion, IEventLog log, SiloReadiness readiness, TimeProvider time, ILogger<DemoTraffic> logger) : BackgroundService
{
    private const string Tenant = TenantConfiguration.DefaultTenant;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>Events stay this far behind the wall clock, well inside what the API accepts.</summary>
    private static readonly TimeSpan Behind = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        var now = time.GetUtcNow();
        var start = log.ReadWatermarks().TryGetValue(Tenant, out var watermark) && watermark > now.AddDays(-options.Value.HistoryDays)
            ? watermark
            : now.AddDays(-options.Value.HistoryDays);
        var prefix = "demo-" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var shop = new DemoShoppers(unchecked((int)now.ToUnixTimeSeconds()), options.Value.Customers, start, Math.Max(3, (now - start).TotalDays), prefix);
        LogStarted(logger, options.Value.Customers, start, options.Value.DaysPerSecond);

        var simulated = start;
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var limit = time.GetUtcNow() - Behind;
            simulated = Min(simulated + TimeSpan.FromDays(options.Value.DaysPerSecond * Tick.TotalSeconds), limit);
            var events = shop.Until(simulated).ToList();
            foreach (var batch in events.Chunk(EventBatchParser.DefaultMaxEvents))
            {
                await IngestAsync(batch, stoppingToken);
            }
        }
    }

    private async Task IngestAsync(Rules.Events.CustomerEvent[] batch, CancellationToken cancellationToken)
    {
        var parsed = EventBatchParser.Parse(EventJson.WriteBatch(batch), time.GetUtcNow(), EventBatchParser.DefaultMaxEvents);
        var valid = parsed.Events;
        if (parsed.Rejected.Count > 0)
        {
            LogRejected(logger, parsed.Rejected.Count, parsed.Rejected[0].Error);
        }

        try
        {
            await ingestion.IngestAsync(Tenant, valid, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogIngestFailed(logger, ex, valid.Count);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic: {Customers} customers from {Start:yyyy-MM-dd}, {DaysPerSecond} simulated days per second")]
    private static partial void LogStarted(ILogger logger, int customers, DateTimeOffset start, double daysPerSecond);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo traffic: {Count} generated events rejected, first: {Error}")]
    private static partial void LogRejected(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo traffic: ingesting {Count} events failed; continuing")]
    private static partial void LogIngestFailed(ILogger logger, Exception exception, int count);
}
