using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Hosting;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Silo.EventPath;

/// <summary>
/// The recovery pass: makes sure every accepted event reaches its customer. At start, every customer whose stored
/// snapshot is behind the log catches up and snapshots, so events accepted just before a crash still take effect.
/// Then, every few seconds, customers whose applied position is behind log entries older than the grace period
/// catch up (delivery through the ingest streams is best effort). A pass that takes long is followed by a longer
/// pause (<see cref="Pace"/>).
/// </summary>
public sealed partial class RecoveryPass(
    IReadModel readModel,
    IReadModelWriter readModelWriter,
    IEventLog log,
    IGrainFactory grains,
    SiloReadiness readiness,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ApplyMetrics metrics,
    ILogger<RecoveryPass> logger) : BackgroundService
{
    /// <summary>The recovery checkpoint's name in the read model (stored; kept from before the pass had its name).</summary>
    private const string CheckpointName = "catch-up";
    private const int PageSize = 5000;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A pass every <see cref="Interval"/>, and under load at most a quarter of the time: a pass reads the log's recent
    /// entries grouped by customer, on the database the event path waits for.
    /// </summary>
    private static readonly TimeShare Pace = new(Interval, costFactor: 4);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        try
        {
            // Page after page until no customer is behind its snapshot (each pass moves the checkpoint on). Only the
            // entries received before the start count: a customer caught up here then leaves the lagging set for good,
            // so the loop ends while the cluster keeps taking events (those reach their customers as usual).
            // The head is read first: every entry up to it was received before the start.
            var head = await log.HeadAsync(stoppingToken);
            var start = new StartBound(head, time.GetUtcNow());
            var recovered = 0;
            int page;
            do
            {
                page = await PassAsync(bySnapshot: true, start, stoppingToken);
                recovered += page;
            }
            while (page >= PageSize);
            LogStartupPass(recovered);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            StorageUnreachable.Log(logger, "Recovery pass", ex, LogPassFailed);
        }

        readiness.MarkReady();
        await Pace.RunAsync(
            async cancellationToken =>
            {
                try
                {
                    var recovered = await PassAsync(bySnapshot: false, start: null, cancellationToken);
                    if (recovered > 0)
                    {
                        LogRecovered(recovered);
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    StorageUnreachable.Log(logger, "Recovery pass", ex, LogPassFailed);
                }
            },
            time,
            stoppingToken);
    }

    /// <summary>
    /// One pass; returns how many customers were told to catch up: those behind by entries up to the start
    /// (<paramref name="start"/>), or when null, those behind and quiet for the grace period.
    /// </summary>
    private async Task<int> PassAsync(bool bySnapshot, StartBound? start, CancellationToken cancellationToken)
    {
        var checkpoint = await readModel.ReadCheckpointAsync(CheckpointName, cancellationToken);
        var head = start?.Head ?? await log.HeadAsync(cancellationToken);
        var now = time.GetUtcNow();
        var (lagging, laggingThrough) = await readModel.FindLaggingAsync(checkpoint, bySnapshot, start?.At ?? now, PageSize, cancellationToken);
        var quietSince = start?.At ?? now - Grace;
        var due = lagging.Where(c => c.LastReceivedAt <= quietSince).ToList();
        // The lag as found, before catching up: a catch-up call that waits on a silo that does not answer (paused,
        // frozen) must not hide the lag for as long as it waits.
        metrics.Observed(head, checkpoint, lagging.Count);
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (customer, _) => await grains.GetGrain<ICustomerGrain>(CustomerKey.Of(customer.Tenant, customer.CustomerId)).CatchUpAsync());

        // The next query must see the positions these customers just reached.
        await readModelWriter.FlushAsync(cancellationToken);

        // Everything up to where the least applied lagging customer has applied all its entries is applied by all;
        // with none lagging, everything up to the head. Customers whose events are merely on their way hold it there
        // too, so the checkpoint trails a busy log by about a delivery and a write-behind, and each pass reads no more.
        var next = laggingThrough is { } through ? Math.Max(checkpoint, Math.Min(through, head)) : head;
        if (next > checkpoint)
        {
            await readModel.WriteCheckpointAsync(CheckpointName, next, cancellationToken);
        }

        // Entries up to the checkpoint are applied by all: count them once, so the next pass reads only newer ones.
        await readModel.CountLoggedAsync(next, cancellationToken);

        metrics.Observed(head, next, lagging.Count);

        return due.Count;
    }

    /// <summary>The log's head and the time when the startup pass began: it looks at nothing later.</summary>
    private sealed record StartBound(long Head, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Information, Message = "Startup recovery: {Customers} customers caught up with the event log")]
    private partial void LogStartupPass(int customers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery pass: {Customers} customers caught up with the event log")]
    private partial void LogRecovered(int customers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery pass failed; retrying at the next interval")]
    private partial void LogPassFailed(Exception exception);
}
