using System.Collections.Concurrent;
using Npgsql;
using Orleans.Runtime;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// The cluster's membership as Orleans records it in PostgreSQL (<c>orleans_membership</c>), read every 250 ms: each
/// change of a silo's status or of the number of votes against it (suspicions), with when it was seen (on the
/// caller's clock). A silo is its Orleans port and generation (every silo of the tests listens on loopback).
/// </summary>
internal sealed class MembershipWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentQueue<Change> _changes = new();
    private readonly ConcurrentDictionary<(int Port, int Generation), (SiloStatus Status, int Votes)> _current = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    private MembershipWatch(string connectionString, Func<TimeSpan> clock) =>
        _watching = Task.Run(() => WatchAsync(connectionString, clock, _stop.Token));

    /// <summary>Every status change seen, oldest first.</summary>
    public IReadOnlyCollection<Change> Changes => _changes;

    public static MembershipWatch Start(string connectionString, Func<TimeSpan> clock) => new(connectionString, clock);

    /// <summary>The status of every generation of the silo on <paramref name="port"/>, as last read.</summary>
    public IReadOnlyList<SiloStatus> StatusOf(int port) => [.. _current.Where(s => s.Key.Port == port).Select(s => s.Value.Status)];

    /// <summary>When the silo on <paramref name="port"/> was first seen with <paramref name="status"/>, if it was.</summary>
    public TimeSpan? FirstSeen(int port, SiloStatus status) =>
        _changes.FirstOrDefault(c => c.Port == port && c.Status == status)?.At;

    /// <summary>
    /// Settled: exactly the silos on <paramref name="running"/> ports are Active, each once, and every other silo
    /// ever seen is Dead (none joining, suspected as it may be, or stopping).
    /// </summary>
    public bool SettledOn(IReadOnlyCollection<int> running) =>
        _current.Count(s => s.Value.Status == SiloStatus.Active) == running.Count
        && running.All(port => _current.Count(s => s.Key.Port == port && s.Value.Status == SiloStatus.Active) == 1)
        && _current.All(s => s.Value.Status is SiloStatus.Active or SiloStatus.Dead);

    /// <summary>When the last change after <paramref name="since"/> was seen (a status or a vote), or null when there was none.</summary>
    public TimeSpan? LastChangeAfter(TimeSpan since) => _changes.LastOrDefault(c => c.At > since)?.At;

    public string Describe(TimeSpan? origin = null) =>
        string.Join(", ", _changes.Select(c => $"{(c.At - (origin ?? TimeSpan.Zero)).TotalSeconds:F1} s :{c.Port} {c.Status}{(c.Votes > 0 ? $" ({c.Votes} votes)" : "")}"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    private async Task WatchAsync(string connectionString, Func<TimeSpan> clock, CancellationToken stop)
    {
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 }.ConnectionString);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var command = source.CreateCommand("SELECT port, generation, status, coalesce(suspect_times, '') FROM orleans_membership");
                await using var reader = await command.ExecuteReaderAsync(stop);
                while (await reader.ReadAsync(stop))
                {
                    var silo = (reader.GetInt32(0), reader.GetInt32(1));
                    var now = ((SiloStatus)reader.GetInt32(2), reader.GetString(3).Split('|', StringSplitOptions.RemoveEmptyEntries).Length);
                    if (!_current.TryGetValue(silo, out var before) || before != now)
                    {
                        _current[silo] = now;
                        _changes.Enqueue(new Change(clock(), silo.Item1, silo.Item2, now.Item1, now.Item2));
                    }
                }

                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException)
            {
                // Not created yet, or a connection lost: the next read tells.
                await Task.Delay(Interval, CancellationToken.None);
            }
        }
    }

    /// <param name="Votes">Entries in the silo's suspect list: votes of other silos that it is dead.</param>
    internal sealed record Change(TimeSpan At, int Port, int Generation, SiloStatus Status, int Votes);
}
