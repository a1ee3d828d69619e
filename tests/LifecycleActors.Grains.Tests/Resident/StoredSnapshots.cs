using System.Globalization;
using Orleans.Storage;

namespace LifecycleActors.Grains.Tests.Resident;

/// <summary>
/// Customer snapshots kept in the stored form the silo writes, with a version per key that a write must name, as the
/// silo's grain storage checks; a key can be made to fail its reads.
/// </summary>
internal sealed class StoredSnapshots : ICustomerSnapshots
{
    private static readonly IGrainStorageSerializer Serializer = StoredSnapshotJson.Serializer;

    private readonly Dictionary<string, (BinaryData Payload, int Version)> _rows = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public int Writes { get; private set; }

    /// <summary>While set, reads wait for it (a read in flight).</summary>
    public TaskCompletionSource? ReadGate { get; set; }

    /// <summary>Keys whose reads fail as an unreachable database would.</summary>
    public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    public CustomerGrainState? Stored(string key) => _rows.TryGetValue(key, out var row) ? Serializer.Deserialize<CustomerGrainState>(row.Payload) : null;

    public async Task<(CustomerGrainState State, string? Version)> ReadAsync(string key, CancellationToken cancellationToken)
    {
        Reads++;
        if (ReadGate is { } gate)
        {
            await gate.Task;
        }

        if (Unreadable.Contains(key))
        {
            throw new TimeoutException("the snapshot store did not answer");
        }

        return _rows.TryGetValue(key, out var row)
            ? (Serializer.Deserialize<CustomerGrainState>(row.Payload)!, row.Version.ToString(CultureInfo.InvariantCulture))
            : (new CustomerGrainState(), null);
    }

    public Task<string?> WriteAsync(string key, CustomerGrainState state, string? version, CancellationToken cancellationToken)
    {
        var current = _rows.TryGetValue(key, out var row) ? row.Version.ToString(CultureInfo.InvariantCulture) : null;
        if (current != version)
        {
            throw new InvalidOperationException($"the stored snapshot of {key} is version {current ?? "(none)"}, not {version ?? "(none)"}");
        }

        Writes++;
        var next = (row.Version) + 1;
        _rows[key] = (Serializer.Serialize(state), next);
        return Task.FromResult<string?>(next.ToString(CultureInfo.InvariantCulture));
    }
}
