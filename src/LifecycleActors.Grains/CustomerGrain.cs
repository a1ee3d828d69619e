using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
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
/// In event-time mode each event is applied at its own occurredAt (a replay then passes through the same
/// instants as living through it), and the customer is brought to the tenant's watermark only by a wake or a read,
/// after it has applied everything the log holds for it.
/// </remarks>
public sealed partial class CustomerGrain(
    [PersistentState("customer", "lifecycle")] IPersistentState<CustomerGrainState> stored,
    CustomerRules rules,
    IEventLog log,
    IReadModelWriter readModel,
    ITenantFactsSource tenantFacts,
    ITenantClock clock,
    IOptions<SnapshotOptions> snapshotOptions,
    ILiveUpdates live,
    CampaignDirectory campaigns,
    ActiveCustomers active,
    ILogger<CustomerGrain> logger)
    : Grain, ICustomerGrain
{
    private readonly HashSet<long> _appliedAboveWatermark = [];
    private string _tenant = "";
    private string _customerId = "";
    private string _key = "";
    private long _highestApplied;
    private int _unsavedEvents;
    private bool _dirty;
    private bool _catchingUp;
    private bool _deliveryScheduled;
    private bool _called;

    private CustomerGrainState State => stored.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        (_tenant, _customerId) = CustomerKey.Parse(_key);
        active.Add(_key);
        _appliedAboveWatermark.UnionWith(State.AppliedAbove);

        // The log may hold entries after the snapshot, or entries of a customer never saved at all: in a cluster, a
        // silo that dies takes unsaved customers with it while the read model already counts them as applied, so
        // nothing else would bring those entries back. A new customer's read finds only what it is being sent.
        await CatchUpFromLogAsync(cancellationToken, readEntries: true);
        ScheduleDelivery(TimeSpan.Zero);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        active.StartDeactivating(_key);
        var leftToLog = false;
        try
        {
            await SnapshotIfDirtyAsync(cancellationToken);
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

    public Task DeliverAsync(IReadOnlyList<LoggedEvent> events)
    {
        _called = true;
        return ApplyAsync(events);
    }

    public async Task<CustomerSnapshot?> GetAsync()
    {
        _called = true;

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

        return rules.View(State.Rules, facts, now).ToSnapshot(_customerId, State.UpdatedAt, State.Rules.EventsApplied);
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
        if (!_called && !HasUndelivered)
        {
            // Woken only by the scheduler: memory stays flat however many customers come due.
            this.DeactivateOnIdle();
        }
    }

    public async Task CatchUpAsync()
    {
        await CatchUpFromLogAsync(CancellationToken.None);
        await SnapshotAsync(CancellationToken.None);
    }

    public async Task ReferrerRegisteredAsync(string referrerCustomerId)
    {
        _called = true;
        var outcome = rules.ApplyReferrerRegistered(State.Rules, referrerCustomerId);
        Queue(outcome.Messages);

        // Not in the event log, so it is made durable before the sender forgets it (referrals are rare).
        await SaveAsync(CancellationToken.None);
    }

    public async Task ReferralConvertedAsync(string referredCustomerId)
    {
        _called = true;
        var now = NotBeforeOwnEvents(clock.Now(_tenant));
        var outcome = rules.ApplyReferralConverted(State.Rules, referredCustomerId, tenantFacts.For(_tenant), now);
        Publish(outcome.Transitions, now);
        State.UpdatedAt = now;
        EnqueueRow(now);
        await readModel.FlushAsync();
        await SaveAsync(CancellationToken.None);
    }

    private async Task ApplyAsync(IReadOnlyList<LoggedEvent> events)
    {
        var now = clock.Now(_tenant);
        var facts = tenantFacts.For(_tenant);
        var transitions = new List<Transition>();
        var messages = new List<CustomerMessage>();
        var applied = 0;
        foreach (var e in events)
        {
            if (e.Position <= State.Watermark || !_appliedAboveWatermark.Add(e.Position))
            {
                continue;
            }

            if (State.Rules.EventsApplied == 0 && e.Type == "signup")
            {
                Feed([CampaignFeed.Joined(_tenant, _customerId, e.OccurredAt, now)], now);
            }

            var outcome = rules.Apply(State.Rules, e.ToRules(), facts, clock.IsEventTime ? e.OccurredAt : now);
            _highestApplied = Math.Max(_highestApplied, e.Position);
            transitions.AddRange(outcome.Transitions);
            messages.AddRange(outcome.Messages);
            applied++;
        }

        if (applied == 0)
        {
            return;
        }

        now = NotBeforeOwnEvents(now);
        State.UpdatedAt = now;
        _unsavedEvents += applied;
        MarkDirty();
        Publish(transitions, now);
        EnqueueRow(now);
        Queue(messages);
        if (!_catchingUp && _unsavedEvents >= snapshotOptions.Value.EveryEvents)
        {
            await SnapshotAsync(CancellationToken.None);
        }
    }

    /// <param name="readEntries">
    /// Read the entries straight away (on activation, when the log usually holds what is being delivered) rather than
    /// count them first (later, when everything is usually applied already).
    /// </param>
    private async Task CatchUpFromLogAsync(CancellationToken cancellationToken, bool readEntries = false)
    {
        // Usually everything in the log is applied already: the positions above the watermark are exactly those
        // this grain holds. Checking that reads the index only; the events are read only when something is missing.
        IReadOnlyList<LoggedEvent>? entries = null;
        int count;
        long last;
        if (readEntries)
        {
            entries = await log.ReadCustomerAsync(_tenant, _customerId, State.Watermark, cancellationToken);
            (count, last) = (entries.Count, entries.Count > 0 ? entries[^1].Position : 0);
        }
        else
        {
            (count, last) = await log.CountCustomerAsync(_tenant, _customerId, State.Watermark, cancellationToken);
        }

        if (count > _appliedAboveWatermark.Count(position => position <= last))
        {
            var missed = entries ?? await log.ReadCustomerAsync(_tenant, _customerId, State.Watermark, cancellationToken);
            _catchingUp = true;
            try
            {
                await ApplyAsync(missed);
            }
            finally
            {
                _catchingUp = false;
            }

            last = missed.Count > 0 ? missed[^1].Position : last;
        }

        // The log commits in position order, so everything of this customer up to the last entry seen is applied.
        if (count > 0)
        {
            State.Watermark = Math.Max(State.Watermark, last);
            _appliedAboveWatermark.RemoveWhere(position => position <= State.Watermark);
        }
    }

    public Task SnapshotIfDirtyAsync() => SnapshotIfDirtyAsync(CancellationToken.None);

    private Task SnapshotIfDirtyAsync(CancellationToken cancellationToken) => _dirty ? SnapshotAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Notes changes the snapshot lacks, here and in the silo's list that the snapshot sweep reads.</summary>
    private void MarkDirty()
    {
        _dirty = true;
        active.MarkDirty(_key);
    }

    private async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        await CatchUpFromLogAsync(cancellationToken);

        // Transitions reach the read model before the snapshot that no longer replays them.
        await readModel.FlushAsync(cancellationToken);
        await SaveAsync(cancellationToken);
        _unsavedEvents = 0;
        _dirty = false;
        active.MarkClean(_key);
        EnqueueRow(NotBeforeOwnEvents(clock.Now(_tenant)), snapshotPosition: State.Watermark);
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

    /// <summary>
    /// Writes the stored state. Only regular (non-interleaved) turns change the rules state, so nothing changes it
    /// while the write is under way and the state and its applied positions are stored together.
    /// </summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        // The stored rules state and the set of positions it covers must always travel together.
        State.AppliedAbove = [.. _appliedAboveWatermark];
        await stored.WriteStateAsync(cancellationToken);
    }

    private void Publish(IReadOnlyList<Transition> transitions, DateTimeOffset detectedAt)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        var records = new TransitionRecord[transitions.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = transitions[i].ToRecord(_tenant, _customerId, detectedAt);
        }

        readModel.Enqueue(records);
        live.Transitions(records);
        Feed(records, detectedAt);
    }

    /// <summary>Keeps the transitions some campaign is triggered by for delivery (<see cref="CampaignFeed"/>).</summary>
    private void Feed(IReadOnlyList<TransitionRecord> records, DateTimeOffset now)
    {
        if (!records.Any(r => campaigns.Triggered(_tenant, r.Kind, r.To).Any()))
        {
            return;
        }

        var view = rules.View(State.Rules, tenantFacts.For(_tenant), now);
        // Replaced, never changed in place: a snapshot write may be reading it.
        State.CampaignFeed = [.. State.CampaignFeed, .. CampaignFeed.Candidates(campaigns, _tenant, records, view)];
        MarkDirty();
        ScheduleDelivery(TimeSpan.Zero);
    }

    private void EnqueueRow(DateTimeOffset now, long? snapshotPosition = null)
    {
        var facts = tenantFacts.For(_tenant);
        var view = rules.View(State.Rules, facts, now);
        var snapshot = view.ToSnapshot(_customerId, State.UpdatedAt, State.Rules.EventsApplied);
        live.CustomerChanged(_tenant, snapshot);
        var applied = Math.Max(State.Watermark, _highestApplied);
        readModel.Enqueue(new CustomerRow(
            _tenant,
            _customerId,
            State.Rules.Stage.ToWireName(),
            State.Rules.Vip,
            State.Rules.Advocate,
            view.NetSpend,
            view.Spend365,
            State.Rules.EventsApplied,
            applied,
            snapshotPosition ?? 0,
            DueAt(now),
            State.UpdatedAt ?? now,
            JsonSerializer.Serialize(snapshot, WireJson.Options),
            PopulationMapping.InputsOf(State.Rules, view)));
    }

    /// <summary>Messages or campaign candidates not yet delivered (they are in the stored snapshot).</summary>
    private bool HasUndelivered => State.Outbox.Count > 0 || State.CampaignFeed.Count > 0;

    /// <summary>
    /// When the scheduler should wake this customer: its next time-driven change, or now while it has something
    /// undelivered, so that a customer that went to storage with a pending message (a silo stopped, a campaign was
    /// unreachable) is brought back to deliver it.
    /// </summary>
    private DateTimeOffset? DueAt(DateTimeOffset now) =>
        HasUndelivered && (State.Rules.NextChangeAt is not { } next || next > now) ? now : State.Rules.NextChangeAt;

    /// <summary>
    /// Keeps messages for other customers in the stored outbox and delivers them from an interleaving timer turn:
    /// never from inside activation or a message handler, and without blocking this customer's own turns.
    /// Delivery only removes entries from the outbox; turns only append to it.
    /// </summary>
    private void Queue(IReadOnlyList<CustomerMessage> messages)
    {
        if (messages.Count > 0)
        {
            // The outbox list is replaced, never changed in place: a snapshot write may be reading it.
            State.Outbox = [.. State.Outbox, .. messages.Select(m => new PendingMessage(m.Kind.ToString(), m.TargetCustomerId))];
        }

        ScheduleDelivery(TimeSpan.Zero);
    }

    private void ScheduleDelivery(TimeSpan delay)
    {
        if ((State.Outbox.Count == 0 && State.CampaignFeed.Count == 0) || _deliveryScheduled)
        {
            return;
        }

        _deliveryScheduled = true;
        MarkDirty();
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(
            async cancellationToken =>
            {
                timer?.Dispose();
                await DeliverOutboxAsync();
                _deliveryScheduled = false;

                // What failed stays in the outbox and is tried again later.
                ScheduleDelivery(TimeSpan.FromSeconds(5));
            },
            // Interleaving: while this customer waits on another one, it keeps taking its own calls, so two
            // customers delivering to each other at the same moment never wait on each other.
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task DeliverOutboxAsync()
    {
        var delivered = new HashSet<PendingMessage>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < State.Outbox.Count; i++)
        {
            var message = State.Outbox[i];
            try
            {
                var target = GrainFactory.GetGrain<ICustomerGrain>(CustomerKey.Of(_tenant, message.TargetCustomerId));
                await (message.Kind == nameof(CustomerMessageKind.RegisterReferral)
                    ? target.ReferrerRegisteredAsync(_customerId)
                    : target.ReferralConvertedAsync(_customerId));
                delivered.Add(message);
            }
            catch (Exception ex)
            {
                LogMessageFailed(ex, _tenant, _customerId, message.Kind, message.TargetCustomerId);
            }
        }

        if (delivered.Count > 0)
        {
            State.Outbox = [.. State.Outbox.Where(m => !delivered.Contains(m))];
        }

        if (State.CampaignFeed.Count > 0)
        {
            var taken = await CampaignFeed.DeliverAsync(GrainFactory, campaigns, _tenant, State.CampaignFeed);
            State.CampaignFeed = [.. State.CampaignFeed.Where(c => !taken.Contains(c))];
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer {Tenant}/{CustomerId} deactivated before its snapshot was written; its next activation reads the changes from the log")]
    private partial void LogSnapshotLeftToLog(string tenant, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {Tenant}/{CustomerId} could not send {Kind} to {Target}; it is retried")]
    private partial void LogMessageFailed(Exception exception, string tenant, string customerId, string kind, string target);
}
