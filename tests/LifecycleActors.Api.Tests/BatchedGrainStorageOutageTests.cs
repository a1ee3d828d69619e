using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The customers' grain storage tells the silo's outage of a failure to reach storage before Orleans sees it (so
/// Orleans' own line about it, stack trace and all, is held back), and tells it of nothing else.
/// </summary>
public sealed class BatchedGrainStorageOutageTests
{
    private static readonly GrainId Customer = GrainId.Create("customer", "shop-1/c-1");

    [Fact]
    public async Task A_read_or_write_that_cannot_reach_storage_starts_the_outage_before_it_fails()
    {
        foreach (var write in new[] { false, true })
        {
            var outage = new StorageOutage(NullLogger<StorageOutage>.Instance);
            var storage = Storage(new FailingTable(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))), outage);

            var failed = await Assert.ThrowsAsync<NpgsqlException>(() => Call(storage, write));

            Assert.True(outage.IsDown, write ? "write" : "read");
            Assert.IsType<System.Net.Sockets.SocketException>(failed.InnerException);
        }
    }

    [Fact]
    public async Task Any_other_failure_leaves_storage_reachable()
    {
        var outage = new StorageOutage(NullLogger<StorageOutage>.Instance);
        var storage = Storage(new FailingTable(new InvalidOperationException("a bug")), outage);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Call(storage, write: false));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Call(storage, write: true));

        Assert.False(outage.IsDown);
    }

    private static BatchedGrainStorage Storage(IGrainStateTable table, StorageOutage outage) => new(
        table,
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions())),
        readsInFlight: 1,
        writesInFlight: 1,
        outage);

    private static Task Call(BatchedGrainStorage storage, bool write)
    {
        var state = new GrainState<Counter>(new Counter(1));
        return write ? storage.WriteStateAsync("customer", Customer, state) : storage.ReadStateAsync("customer", Customer, state);
    }

    public sealed record Counter(int Value);

    private sealed class FailingTable(Exception failure) : IGrainStateTable
    {
        public Task<IReadOnlyList<StoredGrainState?>> ReadAsync(string stateName, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<StoredGrainState?>>(failure);

        public Task<IReadOnlyList<int?>> WriteAsync(string stateName, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<int?>>(failure);

        public Task<int?> ClearAsync(string stateName, string key, int expectedVersion, CancellationToken cancellationToken) =>
            Task.FromException<int?>(failure);
    }
}
