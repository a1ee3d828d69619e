using Orleans.Storage;

namespace LifecycleActors.Grains.Tests.Resident;

/// <summary>
/// Holds a <see cref="ResidentCustomer"/> the way a grain does, without Orleans: its snapshot is kept in the stored
/// form the silo writes (System.Text.Json, as the grain storage serializer), so a reload sees only what was stored.
/// </summary>
internal sealed class RecordingHolder : IResidentCustomerHolder
{
    private static readonly IGrainStorageSerializer Serializer = StoredSnapshotJson.Serializer;

    private BinaryData? _stored;

    public int SnapshotWrites { get; private set; }

    public bool SnapshotBehind { get; private set; }

    public int SendRequests { get; private set; }

    /// <summary>A fresh copy of the stored snapshot, or a new state when none was written.</summary>
    public CustomerGrainState Stored() => _stored is null ? new CustomerGrainState() : Serializer.Deserialize<CustomerGrainState>(_stored)!;

    public Task WriteSnapshotAsync(CustomerGrainState state, CancellationToken cancellationToken)
    {
        _stored = Serializer.Serialize(state);
        SnapshotWrites++;
        return Task.CompletedTask;
    }

    public void SnapshotBehindChanged(bool behind) => SnapshotBehind = behind;

    public void SendSoon() => SendRequests++;
}
