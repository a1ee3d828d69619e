using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Grains;

/// <summary>
/// One customer. Applies accepted events delivered from its ingest stream (or read from the log when catching up)
/// exactly once by log position, publishes transitions, writes its projection row behind and its snapshot lazily.
/// Time-driven changes are found by the tenant's <see cref="Scheduling.DueScanGrain"/> from the due time in that
/// row; a customer woken only for that goes back to storage straight after.
/// </summary>
/// <remarks>
/// <para>
/// In event-time mode each event is applied at its own occurredAt (a replay then passes through the same
/// instants as living through it), and the customer is brought to the tenant's watermark only by a wake or a read,
/// after it has applied everything the log holds for it.
/// </para>
/// <para>
/// One grain in several files, one concern each: this one (the calls it takes), Apply (events exactly once),
/// CatchUp (what the log holds that is not applied), Snapshots (what the stored snapshot lacks, and writing it),
/// Publish (row, live updates, transitions, campaign feed), Messages (the outbox to other customers and the
/// send timer), Erasure (forgetting the customer) and Log.
/// </para>
/// </remarks>
public sealed partial class CustomerGrain(
    [PersistentState("customer", CustomerGrainState.StorageName)] IPersistentState<CustomerGrainState> stored,
    CustomerRules rules,
    IEventLog log,
    IReadModelWriter readModel,
    ITenantFactsSource tenantFacts,
    ITenantClock clock,
    IOptions<SnapshotOptions> snapshotOptions,
    ILiveUpdates live,
    CampaignDirectory campaigns,
    ActiveCustomers active,
    CustomerMetrics metrics,
    ApplyMetrics applyMetrics,
    ILogger<CustomerGrain> logger)
    : Grain, ICustomerGrain
{
    private string _tenant = "";
    private string _customerId = "";
    private string _key = "";

    /// <summary>The log positions <see cref="CustomerGrainState.Rules"/> reflects; stored with it on every save.</summary>
    private AppliedPositions _applied = new();

    /// <summary>
    /// Called for something other than a scheduler wake (events, a read, a referral message): a wake then leaves
    /// the customer active instead of sending it back to storage.
    /// </summary>
    private bool _calledBesidesWakes;

    private CustomerGrainState State => stored.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        (_tenant, _customerId) = CustomerKey.Parse(_key);
        active.Add(_key);
        metrics.Activated();
        _applied = AppliedPositions.FromStored(State.Watermark, State.AppliedAbove);

        // The log may hold entries after the snapshot, or entries of a customer never saved at all: in a cluster, a
        // silo that dies takes unsaved customers with it while the read model already counts them as applied, so
        // nothing else would bring those entries back. A new customer's read finds only what it is being sent.
        await CatchUpFromLogAsync(cancellationToken, readEntries: true);
        ScheduleSending(TimeSpan.Zero);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        active.StartDeactivating(_key);
        var leftToLog = false;
        try
        {
            await SnapshotIfDirtyAsync(cancellationToken);

            // Its rows are committed before it is gone: an erasure then needs to flush only the silo of the activation
            // it reaches, never the silo of one before it whose rows could land after the erasure removed the rest.
            await FlushOwnRowsAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivation ran out of time (a silo stopping or shedding many customers at once): the log still holds
            // every change, and the next activation reads it from the last snapshot on.
            leftToLog = true;
            LogSnapshotLeftToLog(_tenant, _customerId);
        }
        finally
        {
            active.FinishDeactivating(leftToLog);
        }
    }

    public async Task DeliverAsync(IReadOnlyList<LoggedEvent> events)
    {
        _calledBesidesWakes = true;
        await ApplyAsync(await WithoutErasedPastAsync(events));
    }

    public async Task<CustomerProfile?> GetAsync()
    {
        _calledBesidesWakes = true;

        // The time is read before the log: every event accepted up to that time is then in what is read.
        var now = clock.Now(_tenant);
        if (clock.IsEventTime)
        {
            await CatchUpFromLogAsync(CancellationToken.None);
        }

        if (State.Rules.EventsApplied == 0)
        {
            DeactivateIfUnknown();
            return null;
        }

        now = NotBeforeOwnEvents(now);

        var facts = tenantFacts.For(_tenant);
        if (Advance(now))
        {
            EnqueueRow(now);
        }

        return rules.View(State.Rules, facts, now).ToProfile(_customerId, State.UpdatedAt, State.Rules.EventsApplied);
    }

    public async Task WakeAsync()
    {
        // Whatever the log holds comes first: a change due by now may have been prevented by an event not yet applied.
        // The time is read before the log, so every event accepted up to that time is in what is read.
        var now = clock.Now(_tenant);
        await CatchUpFromLogAsync(CancellationToken.None);
        if (State.Rules.EventsApplied == 0)
        {
            DeactivateIfUnknown();
            return;
        }

        now = NotBeforeOwnEvents(now);
        Advance(now);

        // Always written: it carries the new due time, also when an earlier wake already published the change.
        EnqueueRow(now);
        if (!_calledBesidesWakes && !HasUnsent)
        {
            // Woken only by the scheduler: memory stays flat however many customers come due.
            this.DeactivateOnIdle();
        }
    }

    public async Task CatchUpAsync()
    {
        await CatchUpFromLogAsync(CancellationToken.None);
        if (State.Rules.EventsApplied == 0)
        {
            // Nothing is known of this id (never seen, or erased while a recovery pass still listed it): nothing to store.
            DeactivateIfUnknown();
            return;
        }

        await SnapshotAsync(CancellationToken.None);
    }

    public async Task ReferrerRegisteredAsync(string referrerCustomerId)
    {
        _calledBesidesWakes = true;
        var outcome = rules.ApplyReferrerRegistered(State.Rules, referrerCustomerId);
        Queue(outcome.Messages);

        // Not in the event log, so it is made durable before the sender forgets it (referrals are rare).
        await SaveAsync(CancellationToken.None);
    }

    public async Task ReferralConvertedAsync(string referredCustomerId)
    {
        _calledBesidesWakes = true;
        var now = NotBeforeOwnEvents(clock.Now(_tenant));
        var outcome = rules.ApplyReferralConverted(State.Rules, referredCustomerId, tenantFacts.For(_tenant), now);
        Publish(outcome.Transitions, now);
        State.UpdatedAt = now;
        EnqueueRow(now);
        await FlushRowsAsync();
        await SaveAsync(CancellationToken.None);
    }

    /// <summary>
    /// In event time the tenant's clock is held below appends still in flight, so it can read earlier than an event
    /// this customer has already applied; the customer is never evaluated or shown before its own newest event.
    /// </summary>
    private DateTimeOffset NotBeforeOwnEvents(DateTimeOffset now) =>
        clock.IsEventTime && State.Rules.NewestEventAt is { } newest && newest > now ? newest : now;

    /// <summary>Brings the customer to <paramref name="now"/>; true when that published a change.</summary>
    private bool Advance(DateTimeOffset now)
    {
        var outcome = rules.Advance(State.Rules, tenantFacts.For(_tenant), now);
        if (!outcome.Changed)
        {
            return false;
        }

        MarkDirty();
        Publish(outcome.Transitions, now);
        return true;
    }

    /// <summary>An id nobody has sent events for: no activation is kept around for every id someone asks about.</summary>
    private void DeactivateIfUnknown()
    {
        if (State.Outbox.Count == 0 && State.CampaignFeed.Count == 0 && State.Rules.Referrers.Count == 0)
        {
            this.DeactivateOnIdle();
        }
    }
}
