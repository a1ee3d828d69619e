namespace LifecycleActors.Grains;

/// <summary>What the stored snapshot lacks, and writing it.</summary>
public sealed partial class ResidentCustomer
{
    /// <summary>Changes the stored snapshot lacks (the holder is told, for the silo's snapshot sweep).</summary>
    private bool _snapshotBehind;

    /// <summary>Events applied since the last snapshot; one is written every <see cref="SnapshotOptions.EveryEvents"/>.</summary>
    private int _eventsSinceSnapshot;

    /// <summary>Writes a snapshot if the customer holds changes its stored snapshot lacks.</summary>
    public Task SnapshotIfDirtyAsync(CancellationToken cancellationToken) =>
        _snapshotBehind ? SnapshotAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Notes changes the snapshot lacks, here and with the holder.</summary>
    private void MarkDirty()
    {
        _snapshotBehind = true;
        _holder.SnapshotBehindChanged(true);
    }

    private async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        await CatchUpFromLogAsync(cancellationToken);

        // Transitions reach the read model before the snapshot that no longer replays them.
        await FlushRowsAsync(cancellationToken);
        await SaveAsync(cancellationToken);
        _eventsSinceSnapshot = 0;
        _snapshotBehind = false;
        _holder.SnapshotBehindChanged(false);
        EnqueueRow(NotBeforeOwnEvents(_services.Clock.Now(_tenant)), snapshotPosition: _applied.Watermark);
    }

    /// <summary>
    /// Writes the stored state. Only regular (non-interleaved) turns change the rules state, so nothing changes it
    /// while the write is under way and the state and its applied positions are stored together.
    /// </summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        // The stored rules state and the set of positions it covers must always travel together.
        (State.Watermark, State.AppliedAbove) = _applied.ToStored();
        await _holder.WriteSnapshotAsync(State, cancellationToken);
        _services.Metrics.SnapshotWritten();
    }
}
