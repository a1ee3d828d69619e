using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.Kpis;

namespace LifecycleActors.Silo.Privacy;

/// <summary>
/// Carries out pending erasures (ADR 0016), on every silo: claims a few, and for each runs the log step, drops the
/// customer's live state (its grain and those of the anonymous ids linked to it), has the customers in a referral with it
/// forget it, removes it from every other store,
/// recomputes its KPI cells, and marks it done once no store holds it. A step that fails, or a silo that dies, leaves
/// the job pending; its claim runs out and the next pass (here or on another silo) carries it on from where it is.
/// </summary>
public sealed partial class ErasureRunner(
    IErasureStore store, IKpiStore kpis, ITenantList tenants, IGrainFactory grains, ILiveUpdates live, TimeProvider time, ILogger<ErasureRunner> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Claim = TimeSpan.FromSeconds(10);
    /// <summary>
    /// How long a pass waits for (and spends on) the KPI store's recomputation: the background KPI pass, busy under
    /// ingest, recomputes the erased customers too, and an erasure whose cells are not out yet stays pending for the
    /// next pass (measured: 5 s here took a quarter of a pass, docs/benchmarks.md).
    /// </summary>
    private static readonly TimeSpan KpiBudget = TimeSpan.FromSeconds(1);
    private const int PerPass = 20;

    /// <summary>Erasures of a pass carried on at once: their steps wait mostly on the database and on grain calls.</summary>
    private const int AtOnce = 8;

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>A request was made: the next pass starts now rather than at the next tick.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another request woke it already.
            }
        }
    }

    /// <summary>
    /// One pass: the pending erasures claimed now, each carried through its removal steps, then one KPI recomputation
    /// for all of them (it may have to wait for the background KPI pass), then each checked and finished; how many were.
    /// </summary>
    public async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        // Erasures are independent jobs (other silos run theirs at the same time): a few at once, each step by step.
        var claimed = await store.ClaimPendingAsync(time.GetUtcNow(), Claim, PerPass, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var removed = new ErasureRecord[claimed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count), Concurrently(cancellationToken), async (i, ct) => removed[i] = await RemoveAsync(claimed[i], ct));

        await kpis.CatchUpAsync(tenants.TimeZoneOf, KpiBudget, cancellationToken);
        var finished = 0;
        await Parallel.ForEachAsync(removed, Concurrently(cancellationToken), async (erasure, ct) =>
        {
            if (await FinishIfGoneAsync(erasure, ct))
            {
                Interlocked.Increment(ref finished);
            }
        });

        return finished;
    }

    /// <summary>
    /// Once, as the silo starts: ids that a restored backup brought back while a tombstone names them are erased again
    /// (<see cref="IErasureStore.ReapplyAsync"/>); in a database that was not restored this finds none.
    /// </summary>
    public async Task<int> ReapplyAsync(CancellationToken cancellationToken)
    {
        var requested = 0;
        foreach (var tenant in tenants.TenantIds)
        {
            var again = await store.ReapplyAsync(tenant, time.GetUtcNow(), cancellationToken);
            if (again > 0)
            {
                LogReapplied(logger, again, tenant);
                requested += again;
            }
        }

        return requested;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ReapplyAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Every silo does this as it starts; another silo's start, or this one's next, tries again.
            StorageUnreachable.Log(logger, "Erasure", ex, e => LogReapplyFailed(logger, e));
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
                await _wake.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                StorageUnreachable.Log(logger, "Erasure", ex, e => LogPassFailed(logger, e));
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static ParallelOptions Concurrently(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = AtOnce, CancellationToken = cancellationToken };

    /// <summary>The removal steps, from wherever the erasure stands; answers it as the log step left it.</summary>
    private async Task<ErasureRecord> RemoveAsync(ErasureRecord erasure, CancellationToken cancellationToken)
    {
        if (!erasure.Sealed)
        {
            await store.SealLogAsync(erasure, cancellationToken);

            // The log step found the anonymous ids linked to the customer; they are erased with it.
            erasure = await store.FindAsync(erasure.Tenant, erasure.ErasureId, cancellationToken) ?? erasure;
        }

        // Before the live state goes: nothing is left for a new activation to load.
        await store.RemoveSnapshotsAsync(erasure, cancellationToken);

        foreach (var id in erasure.Ids)
        {
            await grains.GetGrain<ICustomerGrain>(CustomerKey.Of(erasure.Tenant, id)).EraseAsync(erasure.ErasedBefore);
        }

        // Customers in a referral with it keep their counts, not its id.
        foreach (var related in erasure.Working.Related)
        {
            var grain = grains.GetGrain<ICustomerGrain>(CustomerKey.Of(erasure.Tenant, related));
            foreach (var (id, pseudonym) in erasure.Working.Pseudonyms)
            {
                await grain.ForgetCustomerAsync(id, pseudonym);
            }
        }

        await store.RemoveRowsAsync(erasure, cancellationToken);
        return erasure;
    }

    /// <summary>Done once no store holds the customer; else it stays pending for a later pass.</summary>
    private async Task<bool> FinishIfGoneAsync(ErasureRecord erasure, CancellationToken cancellationToken)
    {
        var traces = await store.TracesAsync(erasure, cancellationToken);
        if (traces.Count > 0)
        {
            LogNotYet(logger, erasure.ErasureId, string.Join(", ", traces));
            return false;
        }

        await store.FinishAsync(erasure, time.GetUtcNow(), cancellationToken);
        foreach (var id in erasure.Ids)
        {
            live.CustomerErased(new LiveErasure(erasure.Tenant, id));
        }

        LogDone(logger, erasure.ErasureId, erasure.Tenant);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ErasureId} of tenant {Tenant} done")]
    private static partial void LogDone(ILogger logger, string erasureId, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ErasureId}: {Tables} still hold the customer; carried on at the next pass")]
    private static partial void LogNotYet(ILogger logger, string erasureId, string tables);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} erased customers of tenant {Tenant} were found again (a restored backup?) and are erased again")]
    private static partial void LogReapplied(ILogger logger, int count, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for erased customers that a restored backup brought back failed; the next start looks again")]
    private static partial void LogReapplyFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An erasure pass failed; its erasures stay pending and are carried on later")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
