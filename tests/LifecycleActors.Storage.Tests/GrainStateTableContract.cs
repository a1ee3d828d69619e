using System.Text;
using LifecycleActors.Storage.Snapshots;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteGrainStateTableTests() : GrainStateTableContract(new SqliteEngine());

public sealed class PostgresGrainStateTableTests(TestPostgres server) : GrainStateTableContract(new PostgresEngine(server));

/// <summary>
/// The customers' snapshots read and written many at a time, on each engine: Orleans' rules for the version (a stale
/// one is refused, a row is inserted only once), each row of a batch answered on its own, and rows of other states
/// untouched.
/// </summary>
public abstract class GrainStateTableContract(IStorageEngine engine)
{
    public const string ServiceId = "lifecycle-test";
    private const string State = "customer";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_batch_inserts_new_rows_and_reads_them_back_in_key_order_with_none_for_missing_keys()
    {
        await using var storage = await engine.CreateAsync();
        var table = storage.GrainStates;

        var written = await table.WriteAsync(State, [new("shop/a", Payload("{\"a\":1}"), null), new("shop/b", Payload("{\"b\":2}"), null)], Ct);
        var read = await table.ReadAsync(State, ["shop/b", "shop/missing", "shop/a"], Ct);

        Assert.Equal([1, 1], written);
        Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(read[0]!.Payload!));
        Assert.Null(read[1]);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(read[2]!.Payload!));
        Assert.Equal(1, read[2]!.Version);
    }

    [Fact]
    public async Task A_stale_version_is_refused_for_its_row_alone_and_leaves_that_row_as_it_was()
    {
        await using var storage = await engine.CreateAsync();
        var table = storage.GrainStates;
        await table.WriteAsync(State, [new("shop/a", Payload("a1"), null), new("shop/b", Payload("b1"), null)], Ct);
        await table.WriteAsync(State, [new("shop/a", Payload("a2"), 1)], Ct);

        // shop/a was read at version 1 but is at 2 now; shop/b is current; shop/c is new; shop/b again "never read" exists.
        var written = await table.WriteAsync(State, [new("shop/a", Payload("a-stale"), 1), new("shop/b", Payload("b2"), 1), new("shop/c", Payload("c1"), null)], Ct);
        var insertedTwice = await table.WriteAsync(State, [new("shop/c", Payload("c-again"), null)], Ct);
        var read = await table.ReadAsync(State, ["shop/a", "shop/b", "shop/c"], Ct);

        Assert.Equal([null, 2, 1], written);
        Assert.Equal([null], insertedTwice);
        Assert.Equal(["a2", "b2", "c1"], read.Select(r => Encoding.UTF8.GetString(r!.Payload!)));
        Assert.Equal([2, 2, 1], read.Select(r => r!.Version));
    }

    [Fact]
    public async Task A_cleared_row_keeps_its_version_and_no_payload_and_other_states_are_apart()
    {
        await using var storage = await engine.CreateAsync();
        var table = storage.GrainStates;
        await table.WriteAsync(State, [new("shop/a", Payload("a1"), null)], Ct);
        await table.WriteAsync("tenant", [new("shop/a", Payload("other state"), null)], Ct);

        var stale = await table.ClearAsync(State, "shop/a", 7, Ct);
        var cleared = await table.ClearAsync(State, "shop/a", 1, Ct);
        var read = await table.ReadAsync(State, ["shop/a"], Ct);
        var other = await table.ReadAsync("tenant", ["shop/a"], Ct);

        Assert.Null(stale);
        Assert.Equal(2, cleared);
        Assert.Equal(new StoredGrainState(null, 2), read[0]);
        Assert.Equal("other state", Encoding.UTF8.GetString(other[0]!.Payload!));
    }

    [Fact]
    public async Task A_batch_of_five_hundred_rows_is_written_and_read_whole()
    {
        await using var storage = await engine.CreateAsync();
        var table = storage.GrainStates;
        var keys = Enumerable.Range(0, 500).Select(i => $"shop/c-{i}").ToList();

        var inserted = await table.WriteAsync(State, [.. keys.Select(k => new GrainStateWrite(k, Payload(k), null))], Ct);
        var updated = await table.WriteAsync(State, [.. keys.Select(k => new GrainStateWrite(k, Payload(k + "!"), 1))], Ct);
        var read = await table.ReadAsync(State, keys, Ct);

        Assert.All(inserted, v => Assert.Equal(1, v));
        Assert.All(updated, v => Assert.Equal(2, v));
        Assert.Equal(keys.Select(k => k + "!"), read.Select(r => Encoding.UTF8.GetString(r!.Payload!)));
    }
}
