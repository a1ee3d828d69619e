using System.Collections.Concurrent;
using System.Data.Common;
using LifecycleActors.Storage.Erasure;

namespace LifecycleActors.Storage.EventLog;

/// <summary>
/// No resurrection (ADR 0016): an append drops the events of an erased id's past (those that occurred before its
/// erasure), in the same serialised transaction that would log them, so no append can slip in behind an erasure's log
/// step. Later events are a new customer's.
/// </summary>
public abstract partial class RelationalEventLog
{
    /// <summary>Salts, read once per commit: the writer loop forgets them before each (it is the only caller).</summary>
    private Dictionary<string, byte[]>? _commitSalts;

    /// <summary>Salts as reads know them; a salt never changes once made.</summary>
    private readonly ConcurrentDictionary<string, byte[]> _readSalts = new(StringComparer.Ordinal);

    public async Task<DateTimeOffset?> ErasedBeforeAsync(string tenant, string customerId, CancellationToken cancellationToken)
    {
        await using var connection = await _reads.OpenConnectionAsync(cancellationToken);
        if (!_readSalts.TryGetValue(tenant, out var salt))
        {
            salt = await Tombstones.ReadSaltAsync(connection, null, tenant, cancellationToken);
            if (salt is null)
            {
                return null;
            }

            _readSalts[tenant] = salt;
        }

        var hash = TombstoneHash.Of(salt, customerId);
        var erased = await Tombstones.ErasedBeforeAsync(connection, null, tenant, [hash], cancellationToken);
        return erased.TryGetValue(hash, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    /// <summary>The request's events without those of an erased past, and how many those were.</summary>
    private async Task<(IReadOnlyList<NewEvent> Kept, int Erased)> DropErasedAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<NewEvent> events)
    {
        _commitSalts ??= await Tombstones.ReadSaltsAsync(connection, transaction, CancellationToken.None);
        if (!_commitSalts.TryGetValue(tenant, out var salt))
        {
            return (events, 0);
        }

        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in events.SelectMany(IdsNamed))
        {
            hashes.TryAdd(id, TombstoneHash.Of(salt, id));
        }

        var erased = await Tombstones.ErasedBeforeAsync(connection, transaction, tenant, hashes.Values.Distinct(StringComparer.Ordinal).ToList(), CancellationToken.None);
        if (erased.Count == 0)
        {
            return (events, 0);
        }

        var kept = events
            .Where(e => !IdsNamed(e).Any(id => erased.TryGetValue(hashes[id], out var before) && e.OccurredAt.UtcTicks < before))
            .ToList();
        return (kept, events.Count - kept.Count);
    }

    /// <summary>The ids an event would bring into the log: its customer's, the customer an identify links to, a referred customer's.</summary>
    private static IEnumerable<string> IdsNamed(NewEvent e)
    {
        yield return e.CustomerId;
        if (e.LinkTo is { } target)
        {
            yield return target;
        }

        if (e.ReferredCustomerId is { } referred)
        {
            yield return referred;
        }
    }
}
