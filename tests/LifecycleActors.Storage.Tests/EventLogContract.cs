using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteEventLogTests() : EventLogContract(new SqliteEngine());

public sealed class PostgresEventLogTests(TestPostgres server) : EventLogContract(new PostgresEngine(server));

/// <summary>What every event log guarantees, whatever the engine.</summary>
public abstract class EventLogContract(IStorageEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task New_ids_are_accepted_in_request_order_and_repeats_are_duplicates_within_and_across_requests()
    {
        await using var storage = await engine.CreateAsync();

        var first = await storage.Log.AppendAsync("shop", [Visit("e1", "c1"), Visit("e2", "c1"), Visit("e2", "c1")], Ct);
        var second = await storage.Log.AppendAsync("shop", [Visit("e2", "c1"), Visit("e3", "c2")], Ct);
        var otherTenant = await storage.Log.AppendAsync("other", [Visit("e1", "c1")], Ct);

        Assert.Equal(["e1", "e2"], first.Accepted.Select(e => e.EventId));
        Assert.Equal(1, first.Duplicates);
        Assert.True(first.Accepted[0].Position < first.Accepted[1].Position);
        Assert.Equal(["e3"], second.Accepted.Select(e => e.EventId));
        Assert.Equal(1, second.Duplicates);
        Assert.True(second.Accepted[0].Position > first.Accepted[1].Position);
        Assert.Equal((1, 0), (otherTenant.Accepted.Count, otherTenant.Duplicates));
        Assert.Equal(otherTenant.Accepted[0].Position, await storage.Log.HeadAsync(Ct));
    }

    [Fact]
    public async Task A_customers_entries_come_back_in_log_order_with_exact_amounts_and_scores()
    {
        await using var storage = await engine.CreateAsync();
        var appended = await storage.Log.AppendAsync("shop", [Order("o1", "c1", "ord-1", 59.90m), Review("r1", "c1", 4), Visit("v1", "c2"), Order("o2", "c1", "ord-2", 0.1m)], Ct);

        var all = await storage.Log.ReadCustomerAsync("shop", "c1", 0, Ct);
        var later = await storage.Log.ReadCustomerAsync("shop", "c1", all[0].Position, Ct);
        var count = await storage.Log.CountCustomerAsync("shop", "c1", all[0].Position, Ct);

        Assert.Equal(["o1", "r1", "o2"], all.Select(e => e.EventId));
        Assert.Equal(appended.Accepted.Where(e => e.CustomerId == "c1"), all);
        Assert.Equal((59.90m, "ord-1", Start), (all[0].Amount, all[0].OrderId, all[0].OccurredAt));
        Assert.Equal((4, (int?)null), (all[1].Rating, all[1].Score));
        Assert.Equal(["r1", "o2"], later.Select(e => e.EventId));
        Assert.Equal((2, all[2].Position), count);
        Assert.Equal((0, 0L), await storage.Log.CountCustomerAsync("shop", "nobody", 0, Ct));
    }

    [Fact]
    public async Task Hundreds_of_customers_reading_and_counting_at_once_each_get_their_own_entries()
    {
        await using var storage = await engine.CreateAsync();
        var customers = Enumerable.Range(0, 300).Select(i => $"c{i}").ToList();

        // Customer i has i % 4 entries in "shop"; "other" has an entry under every id that must not be read.
        await storage.Log.AppendAsync("shop", [.. customers.SelectMany((c, i) => Enumerable.Range(0, i % 4).Select(k => Order($"{c}-{k}", c, $"ord-{c}-{k}", i + k)))], Ct);
        await storage.Log.AppendAsync("other", [.. customers.Select(c => Visit($"x-{c}", c))], Ct);

        // All at once, as the customers of one delivery activate: on PostgreSQL they travel in a few batched queries.
        var reads = await Task.WhenAll(customers.Select(c => storage.Log.ReadCustomerAsync("shop", c, 0, Ct)));
        var counts = await Task.WhenAll(customers.Select((c, i) => storage.Log.CountCustomerAsync("shop", c, i % 4 == 3 ? reads[i][0].Position : 0, Ct)));

        for (var i = 0; i < customers.Count; i++)
        {
            Assert.Equal(Enumerable.Range(0, i % 4).Select(k => $"{customers[i]}-{k}"), reads[i].Select(e => e.EventId));
            Assert.All(reads[i], e => Assert.Equal(customers[i], e.CustomerId));
            Assert.Equal(Enumerable.Range(0, i % 4).Select(k => (decimal)(i + k)), reads[i].Select(e => e.Amount));
            var expected = i % 4 == 3 ? (2, reads[i][^1].Position) : (i % 4, reads[i].Count > 0 ? reads[i][^1].Position : 0);
            Assert.Equal(expected, counts[i]);
        }
    }

    [Fact]
    public async Task The_watermark_is_the_latest_occurred_at_accepted_per_tenant()
    {
        await using var storage = await engine.CreateAsync();

        await storage.Log.AppendAsync("shop", [Visit("late", "c1", Start.AddDays(2)), Visit("early", "c1", Start)], Ct);
        await storage.Log.AppendAsync("shop", [Visit("older", "c1", Start.AddDays(1))], Ct);
        await storage.Log.AppendAsync("other", [Visit("x", "c1", Start.AddDays(5))], Ct);

        var watermarks = storage.Log.ReadWatermarks();
        Assert.Equal(Start.AddDays(2), watermarks["shop"]);
        Assert.Equal(Start.AddDays(5), watermarks["other"]);
    }

    [Fact]
    public async Task The_timeline_pages_newest_first_before_a_cursor()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [Visit("t1", "c1", Start), Visit("t3", "c1", Start.AddHours(2)), Visit("t2", "c1", Start.AddHours(1))], Ct);

        var page = await storage.Log.ReadTimelineAsync("shop", "c1", null, 2, Ct);
        var next = await storage.Log.ReadTimelineAsync("shop", "c1", new TimelineCursor(page[^1].OccurredAt.UtcTicks, page[^1].Position), 2, Ct);

        Assert.Equal(["t3", "t2"], page.Select(e => e.EventId));
        Assert.Equal(["t1"], next.Select(e => e.EventId));
        Assert.Equal("{}", next[0].DataJson);
    }

    [Fact]
    public async Task Requests_written_together_keep_their_order_per_tenant_and_each_moves_its_own_watermark()
    {
        await using var storage = await engine.CreateAsync();

        // Queued at once, so that the writer may take them into one commit: the outcome is the same as one by one.
        var first = storage.Log.AppendAsync("shop", [Visit("a", "c1", Start.AddDays(1)), Visit("b", "c2")], Ct);
        var other = storage.Log.AppendAsync("other", [Visit("a", "c1", Start.AddDays(3))], Ct);
        var third = storage.Log.AppendAsync("shop", [Visit("b", "c2"), Order("c", "c2", "ord-1", 12.5m, Start.AddDays(2)), Visit("c", "c9")], Ct);
        var results = await Task.WhenAll(first, other, third);

        Assert.Equal(["a", "b"], results[0].Accepted.Select(e => e.EventId));
        Assert.Equal(["a"], results[1].Accepted.Select(e => e.EventId));
        Assert.Equal(["c"], results[2].Accepted.Select(e => e.EventId));
        Assert.Equal([0, 0, 2], results.Select(r => r.Duplicates));
        Assert.Equal(("c2", 12.5m, "ord-1"), (results[2].Accepted[0].CustomerId, results[2].Accepted[0].Amount, results[2].Accepted[0].OrderId));
        Assert.Equal(4, results.SelectMany(r => r.Accepted).Select(e => e.Position).Distinct().Count());
        Assert.True(results[0].Accepted[0].Position < results[0].Accepted[1].Position);
        Assert.Equal(results[2].Accepted, await storage.Log.ReadCustomerAsync("shop", "c2", results[0].Accepted[1].Position, Ct));
        var watermarks = storage.Log.ReadWatermarks();
        Assert.Equal((Start.AddDays(2), Start.AddDays(3)), (watermarks["shop"], watermarks["other"]));
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_entries_at_distinct_positions()
    {
        await using var storage = await engine.CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            storage.Log.AppendAsync("shop", [Visit($"p{i}-a", $"c{i % 3}"), Visit($"p{i}-b", $"c{i % 3}")], Ct)));

        Assert.All(results, r => Assert.Equal(2, r.Accepted.Count));
        var positions = results.SelectMany(r => r.Accepted.Select(e => e.Position)).ToList();
        Assert.Equal(80, positions.Distinct().Count());
        Assert.Equal(positions.Max(), await storage.Log.HeadAsync(Ct));
    }
}
