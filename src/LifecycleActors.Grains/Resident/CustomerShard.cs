using LifecycleActors.Abstractions;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Grains;

/// <summary>
/// The customers of one ingest partition that are in memory (ADR 0019): a table of <see cref="ResidentCustomer"/>s
/// by customer id, loaded on first use (the customers of a delivery together, so their reads go out as batches),
/// and let go when idle, past the partition's budget, or when the partition leaves memory. No Orleans in it: the
/// partition grain calls it one turn at a time, and sends the outbox when <see cref="SendSoon"/> asks, from a pass
/// that interleaves with those turns and reads only the loaded customers (<see cref="WithUnsent"/>).
/// </summary>
public sealed class CustomerShard(
    string tenant,
    CustomerServices services,
    ICustomerSnapshots snapshots,
    ActiveCustomers active,
    ResidencyOptions options,
    TimeProvider time,
    Action sendSoon,
    ILogger logger)
{
    /// <summary>Customers leaving memory at once: as many snapshots as one batched write carries.</summary>
    private const int UnloadBatch = 500;

    private readonly Dictionary<string, ResidentEntry> _residents = new(StringComparer.Ordinal);

    internal ICustomerSnapshots Snapshots => snapshots;

    /// <summary>Customers in memory.</summary>
    public int Count => _residents.Count;

    /// <summary>The customers in memory with something to send (<see cref="ResidentCustomer.HasUnsent"/>).</summary>
    public IReadOnlyList<ResidentCustomer> WithUnsent() => [.. _residents.Values.Select(e => e.Customer).Where(c => c.HasUnsent)];

    /// <summary>Whether any customer in memory has something to send.</summary>
    public bool AnyUnsent() => _residents.Values.Any(e => e.Customer.HasUnsent);

    /// <summary>
    /// Applies one delivery: each customer's batches in order, the customers side by side (those not in memory are
    /// loaded together). Throws an <see cref="AggregateException"/> with one failure per customer whose delivery
    /// failed (they catch up from the log later); the others are applied.
    /// </summary>
    public async Task DeliverAsync(IEnumerable<CustomerEvents> batches)
    {
        var byCustomer = new Dictionary<string, List<IReadOnlyList<LoggedEvent>>>(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            if (!byCustomer.TryGetValue(batch.CustomerId, out var events))
            {
                byCustomer[batch.CustomerId] = events = [];
            }

            events.Add(batch.Events);
        }

        var deliveries = byCustomer.Select(c => DeliverAsync(c.Key, c.Value)).ToArray();
        try
        {
            await Task.WhenAll(deliveries);
        }
        catch (Exception)
        {
            throw new AggregateException(deliveries.Where(d => d.IsFaulted).SelectMany(d => d.Exception!.InnerExceptions));
        }
        finally
        {
            await KeepWithinBudgetAsync();
        }
    }

    /// <summary>A call for one customer (a read, a referral message, an erasure); the customer is loaded if it is not in memory.</summary>
    public async Task<T> CallAsync<T>(string customerId, Func<ResidentCustomer, Task<T>> call)
    {
        var entry = await ResidentAsync(customerId);
        entry.CalledBesidesWakes = true;
        try
        {
            return await call(entry.Customer);
        }
        finally
        {
            await LetGoIfHoldingNothingAsync(entry);
        }
    }

    /// <inheritdoc cref="CallAsync{T}"/>
    public Task CallAsync(string customerId, Func<ResidentCustomer, Task> call) => CallAsync(customerId, async customer =>
    {
        await call(customer);
        return true;
    });

    /// <summary>
    /// The scheduler's wakes: the customers not in memory are loaded together, and those woken only for this leave
    /// memory straight after, together. Answers the wakes that failed (they stay due and are woken again).
    /// </summary>
    public async Task<IReadOnlyList<FailedWake>> WakeAsync(IReadOnlyCollection<string> customerIds)
    {
        var wakes = await Task.WhenAll(customerIds.Distinct(StringComparer.Ordinal).Select(WakeOneAsync));
        await UnloadAsync([.. wakes.Where(w => w.LeavesMemory).Select(w => w.Entry!)], CancellationToken.None);
        return [.. wakes.Where(w => w.Error is not null).Select(w => new FailedWake(w.CustomerId, w.Error!))];
    }

    /// <summary>The customer is erased: its state goes without a snapshot, and it leaves memory.</summary>
    public async Task EraseAsync(string customerId, DateTimeOffset erasedBefore)
    {
        var entry = await ResidentAsync(customerId);
        await entry.Customer.EraseAsync(erasedBefore);
        await UnloadAsync([entry], CancellationToken.None);
    }

    /// <summary>
    /// The periodic pass: customers unused for <see cref="ResidencyOptions.IdleAge"/> leave memory, and those whose
    /// changes have waited <see cref="SnapshotOptions.Interval"/> for a snapshot get one.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = Timestamp();
        var idle = _residents.Values.Where(e => time.GetElapsedTime(e.LastUsed, now) >= options.IdleAge).ToList();
        await UnloadAsync(idle, cancellationToken);
        var due = _residents.Values
            .Where(e => e.DirtySince is { } since && time.GetElapsedTime(since, now) >= services.Snapshots.Interval)
            .Select(e => e.Customer.SnapshotIfDirtyAsync(cancellationToken));
        await Task.WhenAll(due);
    }

    /// <summary>Every customer leaves memory (the partition is leaving it).</summary>
    public Task UnloadAllAsync(CancellationToken cancellationToken) => UnloadAsync([.. _residents.Values], cancellationToken);

    internal long Timestamp() => time.GetTimestamp();

    internal void SendSoon() => sendSoon();

    private async Task DeliverAsync(string customerId, List<IReadOnlyList<LoggedEvent>> batches)
    {
        var entry = await ResidentAsync(customerId);
        entry.CalledBesidesWakes = true;
        foreach (var events in batches)
        {
            await entry.Customer.DeliverAsync(events);
        }
    }

    private async Task<Wake> WakeOneAsync(string customerId)
    {
        ResidentEntry entry;
        try
        {
            entry = await ResidentAsync(customerId);
        }
        catch (Exception ex)
        {
            return new Wake(customerId, null, ex, LeavesMemory: false);
        }

        Exception? error = null;
        try
        {
            await entry.Customer.WakeAsync();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        // Woken only by the scheduler (or nothing is known of it): memory stays flat however many come due.
        var leaves = entry.Customer.HoldsNothing || (!entry.CalledBesidesWakes && !entry.Customer.HasUnsent);
        return new Wake(customerId, entry, error, leaves);
    }

    /// <summary>The customer in memory, loaded from its snapshot and the log when it is not.</summary>
    private async Task<ResidentEntry> ResidentAsync(string customerId)
    {
        if (_residents.TryGetValue(customerId, out var entry))
        {
            entry.LastUsed = Timestamp();
            return entry;
        }

        // In the table only once loaded: the partition's send pass interleaves with the turn that loads it.
        var key = CustomerKey.Of(tenant, customerId);
        entry = new ResidentEntry(key, this) { LastUsed = Timestamp() };
        active.Add(key);
        services.Metrics.Activated();
        try
        {
            var (state, version) = await snapshots.ReadAsync(key, CancellationToken.None);
            entry.Version = version;
            entry.Customer = new ResidentCustomer(key, state, services, entry);
            await entry.Customer.LoadAsync(CancellationToken.None);
        }
        catch
        {
            // Not loaded: nothing of it is kept, and its next use reads storage again.
            active.NotLoaded(key);
            throw;
        }

        _residents[customerId] = entry;
        if (entry.Customer.HasUnsent)
        {
            // What its load asked to send, the send pass could not see before it joined the table.
            sendSoon();
        }

        return entry;
    }

    /// <summary>An id nobody has sent events for: nothing of it is kept for every id someone asks about.</summary>
    private Task LetGoIfHoldingNothingAsync(ResidentEntry entry) =>
        entry.Customer.HoldsNothing ? UnloadAsync([entry], CancellationToken.None) : Task.CompletedTask;

    /// <summary>Past the budget, the least recently used customers leave memory until a tenth of it is free.</summary>
    private Task KeepWithinBudgetAsync()
    {
        if (_residents.Count <= options.MaxPerPartition)
        {
            return Task.CompletedTask;
        }

        var keep = options.MaxPerPartition - (options.MaxPerPartition / 10);
        var oldest = _residents.Values.OrderBy(e => e.LastUsed).Take(_residents.Count - keep).ToList();
        return UnloadAsync(oldest, CancellationToken.None);
    }

    /// <summary>
    /// The customers leave memory a batch at a time (each batch's snapshot writes go out together); each one's
    /// snapshot takes what it lacks and its rows are committed first. Batch by batch, a partition leaving memory
    /// with many customers saves what it can before its time runs out; one that runs out of time leaves its changes
    /// to the log.
    /// </summary>
    private async Task UnloadAsync(IReadOnlyList<ResidentEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            _residents.Remove(entry.Customer.CustomerId);
            active.StartDeactivating(entry.Key);
        }

        foreach (var batch in entries.Chunk(UnloadBatch))
        {
            await Task.WhenAll(batch.Select(entry => LeavingMemory.UnloadAsync(entry.Customer, active, logger, cancellationToken)));
        }
    }
}
