using LifecycleActors.Abstractions;
using LifecycleActors.Rules;

namespace LifecycleActors.Grains;

/// <summary>
/// One customer held in memory: applies accepted events delivered to it (or read from the log when catching up)
/// exactly once by log position, publishes transitions, writes its projection row behind and its snapshot lazily.
/// No Orleans in it: its <see cref="IResidentCustomerHolder"/> stores the snapshot and sends the outbox.
/// </summary>
/// <remarks>
/// <para>
/// In event-time mode each event is applied at its own occurredAt (a replay then passes through the same
/// instants as living through it), and the customer is brought to the tenant's watermark only by a wake or a read,
/// after it has applied everything the log holds for it.
/// </para>
/// <para>
/// One class in several files, one concern each: this one (the calls it takes), Apply (events exactly once),
/// CatchUp (what the log holds that is not applied), Snapshots (what the stored snapshot lacks, and writing it),
/// Publish (row, live updates, transitions, campaign feed), Outbox (messages to other customers) and Erasure.
/// </para>
/// </remarks>
public sealed partial class ResidentCustomer
{
    private readonly CustomerServices _services;
    private readonly IResidentCustomerHolder _holder;
    private readonly string _tenant;
    private readonly string _customerId;

    /// <summary>The log positions <see cref="CustomerGrainState.Rules"/> reflects; stored with it on every save.</summary>
    private AppliedPositions _applied;

    /// <param name="key">The customer's key (<see cref="CustomerKey"/>).</param>
    /// <param name="stored">Its stored snapshot, or a new state when it has none; this instance takes it over.</param>
    public ResidentCustomer(string key, CustomerGrainState stored, CustomerServices services, IResidentCustomerHolder holder)
    {
        (_tenant, _customerId) = CustomerKey.Parse(key);
        State = stored;
        _services = services;
        _holder = holder;
        _applied = AppliedPositions.FromStored(stored.Watermark, stored.AppliedAbove);
    }

    /// <summary>The state as of now; only this instance changes it, and only between its awaits.</summary>
    public CustomerGrainState State { get; private set; }

    /// <summary>True when no event of this customer was ever applied.</summary>
    public bool IsUnknown => State.Rules.EventsApplied == 0;

    /// <summary>
    /// Nothing is known of this customer and nothing waits on it (no messages, no campaign candidates, no referrers):
    /// there is nothing to keep in memory.
    /// </summary>
    public bool HoldsNothing =>
        IsUnknown && State.Outbox.Count == 0 && State.CampaignFeed.Count == 0 && State.Rules.Referrers.Count == 0;

    private CustomerRules Rules => _services.Rules;

    /// <summary>
    /// Brought into memory: the log may hold entries after the snapshot, or entries of a customer never saved at all.
    /// In a cluster a silo that dies takes unsaved customers with it while the read model already counts them as
    /// applied, so nothing else would bring those entries back. A new customer's read finds only what it is being sent.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await CatchUpFromLogAsync(cancellationToken, readEntries: true);
        if (HasUnsent)
        {
            RequestSending();
        }
    }

    /// <summary>Leaving memory: the snapshot takes what it lacks, and the rows queued here are committed.</summary>
    /// <remarks>
    /// Its rows are committed before it is gone: an erasure then needs to flush only the silo of the customer it
    /// reaches, never the silo of one before it whose rows could land after the erasure removed the rest.
    /// </remarks>
    public async Task UnloadAsync(CancellationToken cancellationToken)
    {
        await SnapshotIfDirtyAsync(cancellationToken);
        await FlushOwnRowsAsync(cancellationToken);
    }

    public async Task DeliverAsync(IReadOnlyList<LoggedEvent> events) =>
        await ApplyAsync(await WithoutErasedPastAsync(events));

    /// <summary>The customer's state now, or null when no event of it was ever applied.</summary>
    public async Task<CustomerProfile?> GetAsync()
    {
        // The time is read before the log: every event accepted up to that time is then in what is read.
        var now = _services.Clock.Now(_tenant);
        if (_services.Clock.IsEventTime)
        {
            await CatchUpFromLogAsync(CancellationToken.None);
        }

        if (IsUnknown)
        {
            return null;
        }

        now = NotBeforeOwnEvents(now);
        if (Advance(now))
        {
            EnqueueRow(now);
        }

        return Rules.View(State.Rules, _services.TenantFacts.For(_tenant), now)
            .ToProfile(_customerId, State.UpdatedAt, State.Rules.EventsApplied);
    }

    /// <summary>
    /// Brings the customer to the tenant's current time (publishing what changed) and refreshes its due time.
    /// Whatever the log holds comes first: a change due by now may have been prevented by an event not yet applied.
    /// </summary>
    public async Task WakeAsync()
    {
        // The time is read before the log, so every event accepted up to that time is in what is read.
        var now = _services.Clock.Now(_tenant);
        await CatchUpFromLogAsync(CancellationToken.None);
        if (IsUnknown)
        {
            return;
        }

        now = NotBeforeOwnEvents(now);
        Advance(now);

        // Always written: it carries the new due time, also when an earlier wake already published the change.
        EnqueueRow(now);
    }

    /// <summary>Reads the log for anything not applied yet, applies it and writes a snapshot (when anything is known).</summary>
    public async Task CatchUpAsync()
    {
        await CatchUpFromLogAsync(CancellationToken.None);
        if (!IsUnknown)
        {
            await SnapshotAsync(CancellationToken.None);
        }
    }

    public async Task ReferrerRegisteredAsync(string referrerCustomerId)
    {
        var outcome = Rules.ApplyReferrerRegistered(State.Rules, referrerCustomerId);
        Queue(outcome.Messages);

        // Not in the event log, so it is made durable before the sender forgets it (referrals are rare).
        await SaveAsync(CancellationToken.None);
    }

    public async Task ReferralConvertedAsync(string referredCustomerId)
    {
        var now = NotBeforeOwnEvents(_services.Clock.Now(_tenant));
        var outcome = Rules.ApplyReferralConverted(State.Rules, referredCustomerId, _services.TenantFacts.For(_tenant), now);
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
        _services.Clock.IsEventTime && State.Rules.NewestEventAt is { } newest && newest > now ? newest : now;

    /// <summary>Brings the customer to <paramref name="now"/>; true when that published a change.</summary>
    private bool Advance(DateTimeOffset now)
    {
        var outcome = Rules.Advance(State.Rules, _services.TenantFacts.For(_tenant), now);
        if (!outcome.Changed)
        {
            return false;
        }

        MarkDirty();
        Publish(outcome.Transitions, now);
        return true;
    }
}
