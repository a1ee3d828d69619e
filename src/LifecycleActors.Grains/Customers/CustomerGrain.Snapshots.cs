namespace LifecycleActors.Grains;

/// <summary>What the stored snapshot lacks, and writing it.</summary>
public sealed partial class CustomerGrain
{
    /// <summary>Changes the stored snapshot lacks (also listed in <see cref="ActiveCustomers"/> for the snapshot sweep).</summary>
    private bool _snapshotBehind;

    /// <summary>Events applied since the last snapshot; one is written every <see cref="SnapshotOptions.EveryEvents"/>.</summary>
    private int _eventsSinceSnapshot;

    public Task SnapshotIfDirtyAsync() => SnapshotIfDirtyAsync(CancellationToken.None);

    private Task SnapshotIfDirtyAsync(CancellationToken cancellationToken) =>
        _snapshotBehind ? SnapshotAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Notes changes the snapshot lacks, here and in the silo's list that the snapshot sweep reads.</summary>
    private void MarkDirty()
    {
        _snapshotBehind = true;
        active.MarkDirty(_key);
    }

    private async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        await CatchUpFromLogAsync(cancellationToken);

        // Transitions reach the read model before the snapshot that no longer replays them.
        await FlushRowsAsync(cancellationToken);
        await SaveAsync(cancellationToken);
        _eventsSinceSnapshot = 0;
        _snapshotBehind = false;
        active.MarkClean(_key);
        EnqueueRow(NotBeforeOwnEvents(clock.Now(_tenant)), snapshotPosition: _applied.Watermark);
    }

    /// <summary>
    /// Writes the stored state. Only regular (non-interleaved) turns change the rules state, so nothing changes it
    /// while the write is under way and the state and its applied positions are stored together.
    /// </summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        // The stored rules state and the set of positions it covers must always travel together.
        (State.Watermark, State.AppliedAbove) = _applied.ToStored();
        await stored.WriteStateAsync(cancellationToken);
        metrics.SnapshotWritten();
    }
}
