using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains;

/// <summary>Forgetting the customer (ADR 0016): its live state goes, and its erased past is never applied again.</summary>
public sealed partial class ResidentCustomer
{
    /// <summary>Events that occurred before this are an erased past; null when there is none.</summary>
    private DateTimeOffset? _erasedBefore;

    /// <summary>Whether this instance has asked the log for <see cref="_erasedBefore"/>.</summary>
    private bool _erasureKnown;

    /// <summary>
    /// Drops everything held of the customer, without a snapshot (the erasure removes the stored one); events that
    /// occurred before <paramref name="erasedBefore"/> are not applied again. The holder should let it go.
    /// </summary>
    public async Task EraseAsync(DateTimeOffset erasedBefore)
    {
        // Rows written behind reach the read model now, before the erasure removes what it holds.
        await FlushRowsAsync();
        State = new CustomerGrainState();
        _applied = new AppliedPositions();
        _eventsSinceSnapshot = 0;
        _snapshotBehind = false;
        _holder.SnapshotBehindChanged(false);
        _erasedBefore = erasedBefore;
        _erasureKnown = true;
    }

    public async Task ForgetCustomerAsync(string customerId, string pseudonym)
    {
        var changed = Rules.ForgetCustomer(State.Rules, customerId, pseudonym);
        changed |= State.Outbox.RemoveAll(m => m.TargetCustomerId == customerId) > 0;
        if (!changed || State.Rules.EventsApplied == 0)
        {
            return;
        }

        EnqueueRow(NotBeforeOwnEvents(_services.Clock.Now(_tenant)));
        await FlushRowsAsync();
        await SaveAsync(CancellationToken.None);
    }

    /// <summary>
    /// The delivered events without those of an erased past. Only a customer that starts from nothing asks the log: an
    /// event sent before an erasure may still be on its way to a customer loaded afresh after the erasure removed the
    /// rest.
    /// </summary>
    private async Task<IReadOnlyList<LoggedEvent>> WithoutErasedPastAsync(IReadOnlyList<LoggedEvent> events)
    {
        if (!_erasureKnown && State.Rules.EventsApplied == 0 && _applied.Watermark == 0)
        {
            _erasedBefore = await _services.Log.ErasedBeforeAsync(_tenant, _customerId, CancellationToken.None);
            _erasureKnown = true;
        }

        return _erasedBefore is { } before && events.Any(e => e.OccurredAt < before)
            ? [.. events.Where(e => e.OccurredAt >= before)]
            : events;
    }
}
