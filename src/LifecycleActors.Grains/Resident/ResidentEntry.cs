namespace LifecycleActors.Grains;

/// <summary>
/// A customer resident in a <see cref="CustomerShard"/>: its <see cref="ResidentCustomer"/>, the version of its stored
/// snapshot, and what the shard needs to decide when it leaves memory. It is the customer's holder.
/// </summary>
internal sealed class ResidentEntry(string key, CustomerShard shard) : IResidentCustomerHolder
{
    public string Key { get; } = key;

    public ResidentCustomer Customer { get; set; } = null!;

    /// <summary>The version of the stored snapshot this customer last read or wrote (null: none stored).</summary>
    public string? Version { get; set; }

    /// <summary>When the customer was last used (timestamp of the shard's time provider).</summary>
    public long LastUsed { get; set; }

    /// <summary>Since when it holds changes its snapshot lacks; null while it holds none.</summary>
    public long? DirtySince { get; private set; }

    /// <summary>Used for something other than a scheduler wake: a wake then leaves it in memory.</summary>
    public bool CalledBesidesWakes { get; set; }

    public async Task WriteSnapshotAsync(CustomerGrainState state, CancellationToken cancellationToken) =>
        Version = await shard.Snapshots.WriteAsync(Key, state, Version, cancellationToken);

    public void SnapshotBehindChanged(bool behind) => DirtySince = behind ? DirtySince ?? shard.Timestamp() : null;

    public void SendSoon() => shard.SendSoon();
}
