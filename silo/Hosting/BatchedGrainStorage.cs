using System.Globalization;
using LifecycleActors.Silo.Api;
using LifecycleActors.Storage.Batching;
using LifecycleActors.Storage.Snapshots;
using Orleans.Storage;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// The customers' grain storage (<see cref="LifecycleActors.Grains.CustomerGrainState.StorageName"/>): Orleans' contract
/// (the version as etag, a stale etag refused), but the reads and the writes of concurrent activations travel
/// together, a batch per round trip and per transaction (<see cref="CallBatcher{TRequest,TResult}"/>). The hundreds of
/// customers of one delivery that activate at once read their snapshots in a few queries, and the customers collected
/// at once write theirs in a few transactions. A read or write that fails because storage cannot be reached is told to
/// <see cref="StorageOutage"/> before Orleans logs it, so the outage's one line is said first and Orleans' line with its
/// stack trace is held back (<see cref="StorageRetryLogFilter"/>).
/// </summary>
public sealed class BatchedGrainStorage : IGrainStorage
{
    /// <summary>Rows a batch carries at most.</summary>
    public const int MaxBatch = 500;

    private readonly IGrainStateTable _table;
    private readonly IGrainStorageSerializer _serializer;
    private readonly CallBatcher<(string State, string Key), StoredGrainState?> _reads;
    private readonly CallBatcher<(string State, GrainStateWrite Row), int?> _writes;
    private readonly StorageOutage? _outage;

    /// <param name="writesInFlight">Write transactions at once: 1 where the database has one writer (SQLite).</param>
    /// <param name="outage">Told of each failure to reach storage; none where the host keeps no outage state.</param>
    public BatchedGrainStorage(IGrainStateTable table, IGrainStorageSerializer serializer, int readsInFlight, int writesInFlight, StorageOutage? outage = null)
    {
        _table = table;
        _outage = outage;
        _serializer = serializer;
        _reads = new(ReadBatchAsync, MaxBatch, readsInFlight);
        _writes = new(WriteBatchAsync, MaxBatch, writesInFlight);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = await Told(_reads.CallAsync((stateName, KeyOf(grainId))));
        grainState.ETag = row is null ? null : row.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = row?.Payload is not null;
        grainState.State = row?.Payload is { } payload ? _serializer.Deserialize<T>(new BinaryData(payload)) : Activator.CreateInstance<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var expected = Version(grainState.ETag);
        var written = await Told(_writes.CallAsync((stateName, new GrainStateWrite(KeyOf(grainId), payload, expected))));
        if (written is not { } version)
        {
            throw new InconsistentStateException($"the stored {stateName} of {grainId} is no longer version {grainState.ETag ?? "(none)"}", "(unknown)", grainState.ETag);
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Version(grainState.ETag) is not { } expected)
        {
            // Never stored: nothing to clear.
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
            return;
        }

        var cleared = await Told(_table.ClearAsync(stateName, KeyOf(grainId), expected, CancellationToken.None))
            ?? throw new InconsistentStateException($"the stored {stateName} of {grainId} is no longer version {grainState.ETag}", "(unknown)", grainState.ETag);
        grainState.ETag = cleared.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>Awaits <paramref name="call"/>; a failure to reach storage is told to the outage before it is rethrown.</summary>
    private async Task<T> Told<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (Exception e) when (_outage is not null && StorageFailures.IsStorageFailure(e))
        {
            _outage.Failed(e);
            throw;
        }
    }

    /// <summary>The key column: the grain's string key (a customer's "tenant/customer id"), as Orleans' ADO.NET provider stores it.</summary>
    private static string KeyOf(GrainId grainId) => grainId.Key.ToString()!;

    private static int? Version(string? etag) => etag is null ? null : int.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<StoredGrainState?>> ReadBatchAsync(IReadOnlyList<(string State, string Key)> requests)
    {
        var found = new StoredGrainState?[requests.Count];
        foreach (var group in requests.Select((r, i) => (r.State, r.Key, Index: i)).GroupBy(r => r.State, StringComparer.Ordinal))
        {
            var keys = group.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToList();
            var rows = await _table.ReadAsync(group.Key, keys, CancellationToken.None);
            var byKey = keys.Select((k, i) => (k, rows[i])).ToDictionary(p => p.k, p => p.Item2, StringComparer.Ordinal);
            foreach (var request in group)
            {
                found[request.Index] = byKey[request.Key];
            }
        }

        return found;
    }

    /// <summary>
    /// Each state's rows in one transaction. A key twice in one batch (an activation that wrote again before the first
    /// write's batch ran cannot happen, but a deactivated and reactivated grain could) goes in a later round, so every
    /// write is checked against the version the one before it made.
    /// </summary>
    private async Task<IReadOnlyList<int?>> WriteBatchAsync(IReadOnlyList<(string State, GrainStateWrite Row)> requests)
    {
        var written = new int?[requests.Count];
        var left = requests.Select((r, i) => (r.State, r.Row, Index: i)).ToList();
        while (left.Count > 0)
        {
            var round = left.DistinctBy(r => (r.State, r.Row.Key)).ToList();
            left = [.. left.Except(round)];
            foreach (var group in round.GroupBy(r => r.State, StringComparer.Ordinal))
            {
                var rows = group.ToList();
                var versions = await _table.WriteAsync(group.Key, [.. rows.Select(r => r.Row)], CancellationToken.None);
                for (var i = 0; i < rows.Count; i++)
                {
                    written[rows[i].Index] = versions[i];
                }
            }
        }

        return written;
    }
}
