using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Time;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Grains.Scheduling;

/// <summary>
/// Finds one tenant's customers whose next time-driven change is due (an indexed range of the customers
/// projection) and wakes each; the customer re-checks itself, so a repeated wake is harmless. Nothing is held
/// per waiting customer: memory is one page of ids, whatever the number of customers waiting.
/// </summary>
public sealed partial class DueScanGrain(
    IReadModel readModel,
    ITenantClock clock,
    IOptions<SchedulerOptions> options,
    IOptions<ResidencyOptions> residency,
    ILogger<DueScanGrain> logger) : Grain, IDueScanGrain
{
    private readonly SchedulerOptions _options = options.Value;

    // Customers woken by the previous pass at their then due time: their refreshed row may not be written yet,
    // so the same (customer, due time) seen again right away is not woken twice.
    private HashSet<DueCustomer> _wokenBefore = [];
    private IGrainTimer? _timer;

    private string Tenant => this.GetPrimaryKeyString();

    public Task EnsureScanningAsync()
    {
        // The timer waits for a pass to finish before it counts the interval again, so passes never overlap.
        _timer ??= this.RegisterGrainTimer(
            ScanPassAsync,
            new GrainTimerCreationOptions(TimeSpan.Zero, _options.ScanInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<int> ScanNowAsync() => PassAsync(CancellationToken.None);

    private async Task ScanPassAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PassAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            StorageUnreachable.Log(logger, "Due scan", ex, e => LogPassFailed(e, Tenant));
        }
    }

    private async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        var now = clock.Now(Tenant);
        var woken = new HashSet<DueCustomer>();
        var seen = 0;
        DueCustomer? after = null;
        while (seen < _options.MaxWakesPerPass)
        {
            var page = await readModel.FindDueAsync(Tenant, now, after, _options.PageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1];
            seen += page.Count;
            var toWake = page.Where(c => !_wokenBefore.Contains(c)).ToList();
            var succeeded = await WakeAllAsync(toWake);
            woken.UnionWith(toWake.Where((_, i) => succeeded[i]));
            if (page.Count < _options.PageSize)
            {
                break;
            }
        }

        _wokenBefore = woken;
        return woken.Count;
    }

    /// <summary>
    /// Wakes the customers from this grain's turn: as grains, at most <see cref="SchedulerOptions.MaxConcurrentWakes"/> at a
    /// time; in their partitions, each partition's in batches of at most that many.
    /// </summary>
    private async Task<bool[]> WakeAllAsync(IReadOnlyList<DueCustomer> customers)
    {
        if (residency.Value.InPartition)
        {
            return await WakeInPartitionsAsync(customers);
        }

        var succeeded = new bool[customers.Count];
        var inFlight = new List<Task>(_options.MaxConcurrentWakes);
        for (var i = 0; i < customers.Count; i++)
        {
            if (inFlight.Count == _options.MaxConcurrentWakes)
            {
                inFlight.Remove(await Task.WhenAny(inFlight));
            }

            var index = i;
            inFlight.Add(WakeOneAsync(customers[index], ok => succeeded[index] = ok));
        }

        await Task.WhenAll(inFlight);
        return succeeded;
    }

    private async Task WakeOneAsync(DueCustomer customer, Action<bool> done) => done(await WakeAsync(customer));

    private async Task<bool> WakeAsync(DueCustomer customer)
    {
        try
        {
            await GrainFactory.GetGrain<ICustomerGrain>(CustomerKey.Of(Tenant, customer.CustomerId)).WakeAsync();
            return true;
        }
        catch (Exception ex)
        {
            // It stays due, so the next pass tries again. Storage that cannot be reached is said once by the silo.
            StorageUnreachable.Log(logger, "Waking a due customer", ex, e => LogWakeFailed(e, Tenant, customer.CustomerId));
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Due scan of tenant {Tenant} failed; retrying at the next interval")]
    private partial void LogPassFailed(Exception exception, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking customer {Tenant}/{CustomerId} failed; it is retried at the next pass")]
    private partial void LogWakeFailed(Exception exception, string tenant, string customerId);
}
