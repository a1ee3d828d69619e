using LifecycleActors.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Grains;

/// <summary>
/// One customer as a grain: holds its <see cref="ResidentCustomer"/> while active, reads and stores its snapshot
/// through <see cref="ICustomerSnapshots"/> (the same rows a partition uses), and sends its outbox from a timer.
/// Time-driven changes are found by the tenant's <see cref="Scheduling.DueScanGrain"/> from the due time in its row;
/// a customer woken only for that goes back to storage straight after. Where customers live in their ingest
/// partition (the default, ADR 0019), it holds nothing and forwards every call to the partition (the Forwarding file).
/// </summary>
public sealed partial class CustomerGrain(
    ICustomerSnapshots snapshots,
    CustomerServices services,
    ActiveCustomers active,
    IOptions<ResidencyOptions> residency,
    ILogger<CustomerGrain> logger)
    : Grain, ICustomerGrain, IResidentCustomerHolder
{
    private string _key = "";
    private ResidentCustomer _customer = null!;

    /// <summary>The version of the stored snapshot this customer last read or wrote (null: none stored).</summary>
    private string? _snapshotVersion;

    /// <summary>
    /// Called for something other than a scheduler wake (events, a read, a referral message): a wake then leaves
    /// the customer active instead of sending it back to storage.
    /// </summary>
    private bool _calledBesidesWakes;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        if (residency.Value.InPartition)
        {
            StartForwarding();
            return;
        }

        active.Add(_key);
        services.Metrics.Activated();
        try
        {
            var (state, version) = await snapshots.ReadAsync(_key, cancellationToken);
            _snapshotVersion = version;
            _customer = new ResidentCustomer(_key, state, services, this);
            await _customer.LoadAsync(cancellationToken);
        }
        catch
        {
            // Not loaded, so not deactivated either: nothing of it is kept, and its next call reads storage again.
            active.NotLoaded(_key);
            throw;
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_partition is not null)
        {
            return;
        }

        active.StartDeactivating(_key);
        await LeavingMemory.UnloadAsync(_customer, active, logger, cancellationToken);
    }

    public Task DeliverAsync(IReadOnlyList<LoggedEvent> events)
    {
        if (_partition is { } partition)
        {
            return Forwarded(partition.DeliverCustomerAsync(CustomerId, events));
        }

        _calledBesidesWakes = true;
        return _customer.DeliverAsync(events);
    }

    public async Task<CustomerProfile?> GetAsync()
    {
        if (_partition is { } partition)
        {
            return await Forwarded(partition.GetCustomerAsync(CustomerId));
        }

        _calledBesidesWakes = true;
        var profile = await _customer.GetAsync();
        if (profile is null)
        {
            DeactivateIfHoldingNothing();
        }

        return profile;
    }

    public async Task WakeAsync()
    {
        if (_partition is { } partition)
        {
            await Forwarded(partition.WakeCustomerAsync(CustomerId));
            return;
        }

        await _customer.WakeAsync();
        if (_customer.IsUnknown)
        {
            DeactivateIfHoldingNothing();
        }
        else if (!_calledBesidesWakes && !_customer.HasUnsent)
        {
            // Woken only by the scheduler: memory stays flat however many customers come due.
            this.DeactivateOnIdle();
        }
    }

    public async Task CatchUpAsync()
    {
        if (_partition is { } partition)
        {
            await Forwarded(partition.CatchUpCustomerAsync(CustomerId));
            return;
        }

        await _customer.CatchUpAsync();

        // Nothing is known of this id (never seen, or erased while a recovery pass still listed it): nothing to store.
        DeactivateIfHoldingNothing();
    }

    public Task SnapshotIfDirtyAsync() => _partition is { } partition
        ? Forwarded(partition.SnapshotCustomerIfDirtyAsync(CustomerId))
        : _customer.SnapshotIfDirtyAsync(CancellationToken.None);

    public Task ReferrerRegisteredAsync(string referrerCustomerId)
    {
        if (_partition is { } partition)
        {
            return Forwarded(partition.ReferrerRegisteredAsync(CustomerId, referrerCustomerId));
        }

        _calledBesidesWakes = true;
        return _customer.ReferrerRegisteredAsync(referrerCustomerId);
    }

    public Task ReferralConvertedAsync(string referredCustomerId)
    {
        if (_partition is { } partition)
        {
            return Forwarded(partition.ReferralConvertedAsync(CustomerId, referredCustomerId));
        }

        _calledBesidesWakes = true;
        return _customer.ReferralConvertedAsync(referredCustomerId);
    }

    public async Task EraseAsync(DateTimeOffset erasedBefore)
    {
        if (_partition is { } partition)
        {
            await Forwarded(partition.EraseCustomerAsync(CustomerId, erasedBefore));
            return;
        }

        await _customer.EraseAsync(erasedBefore);

        // Nothing of it is written on the way out: the erasure removes the stored snapshot.
        this.DeactivateOnIdle();
    }

    public Task ForgetCustomerAsync(string customerId, string pseudonym) => _partition is { } partition
        ? Forwarded(partition.ForgetCustomerAsync(CustomerId, customerId, pseudonym))
        : _customer.ForgetCustomerAsync(customerId, pseudonym);

    async Task IResidentCustomerHolder.WriteSnapshotAsync(CustomerGrainState state, CancellationToken cancellationToken) =>
        _snapshotVersion = await snapshots.WriteAsync(_key, state, _snapshotVersion, cancellationToken);

    void IResidentCustomerHolder.SnapshotBehindChanged(bool behind)
    {
        if (behind)
        {
            active.MarkDirty(_key);
        }
        else
        {
            active.MarkClean(_key);
        }
    }

    void IResidentCustomerHolder.SendSoon() => ScheduleSending(TimeSpan.Zero);

    /// <summary>An id nobody has sent events for: no activation is kept around for every id someone asks about.</summary>
    private void DeactivateIfHoldingNothing()
    {
        if (_customer.HoldsNothing)
        {
            this.DeactivateOnIdle();
        }
    }
}
