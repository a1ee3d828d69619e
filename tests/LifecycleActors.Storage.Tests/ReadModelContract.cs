using LifecycleActors.Abstractions;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteReadModelTests() : ReadModelContract(new SqliteEngine());

public sealed class PostgresReadModelTests(TestPostgres server) : ReadModelContract(new PostgresEngine(server));

/// <summary>What every read model and its writer guarantee, whatever the engine.</summary>
public abstract class ReadModelContract(IStorageEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_are_listed_by_id_with_filters_and_counted_in_the_stats()
    {
        await using var storage = await engine.CreateAsync();
        storage.Writer.Enqueue(Row("c1", stage: "repeat", vip: true, events: 3));
        storage.Writer.Enqueue(Row("c2", stage: "one_time", events: 1));
        storage.Writer.Enqueue(Row("c3", stage: "repeat", advocate: true, events: 5));
        storage.Writer.Enqueue(Row("c2", stage: "repeat", events: 2) with { Tenant = "other" });
        await storage.Writer.FlushAsync(Ct);

        var repeat = await storage.ReadModel.ListAsync("shop", new CustomerFilter("repeat", null, null), null, 10, Ct);
        var vip = await storage.ReadModel.ListAsync("shop", new CustomerFilter(null, true, null), null, 10, Ct);
        var notAdvocate = await storage.ReadModel.ListAsync("shop", new CustomerFilter(null, null, false), "c1", 10, Ct);
        var stats = await storage.ReadModel.StatsAsync("shop", Ct);

        Assert.Equal(["view c1", "view c3"], repeat);
        Assert.Equal(["view c1"], vip);
        Assert.Equal(["view c2"], notAdvocate);
        Assert.Equal((3L, 1L, 1L, 9L), (stats.Customers, stats.Vip, stats.Advocate, stats.EventsApplied));
        Assert.Equal((2L, 1L), (stats.Stages["repeat"], stats.Stages["one_time"]));
    }

    [Fact]
    public async Task The_newest_row_wins_but_the_snapshot_position_never_goes_back()
    {
        await using var storage = await engine.CreateAsync();
        var logged = await storage.Log.AppendAsync("shop", [Visit("a", "c1"), Visit("b", "c1"), Visit("c", "c1")], Ct);
        var positions = logged.Accepted.Select(e => e.Position).ToList();
        storage.Writer.Enqueue(Row("c1", events: 2, applied: positions[1], snapshot: positions[1]));
        await storage.Writer.FlushAsync(Ct);
        storage.Writer.Enqueue(Row("c1", stage: "repeat", events: 3, applied: positions[2], snapshot: 0));
        await storage.Writer.FlushAsync(Ct);

        var bySnapshot = await storage.ReadModel.FindLaggingAsync(0, bySnapshot: true, DateTimeOffset.MaxValue, 10, Ct);
        var byApplied = await storage.ReadModel.FindLaggingAsync(0, bySnapshot: false, DateTimeOffset.MaxValue, 10, Ct);

        Assert.Equal(["view c1"], await storage.ReadModel.ListAsync("shop", new CustomerFilter("repeat", null, null), null, 10, Ct));
        Assert.Equal([("c1", positions[1], positions[2])], bySnapshot.Page.Select(c => (c.CustomerId, c.Through, c.LastPosition)));
        Assert.Empty(byApplied.Page);
        Assert.Null(byApplied.Through);
    }

    [Fact]
    public async Task Lagging_customers_are_those_whose_log_is_ahead_of_their_row_after_the_checkpoint()
    {
        await using var storage = await engine.CreateAsync();
        var first = await storage.Log.AppendAsync("shop", [Visit("old", "c0")], Ct);
        var logged = await storage.Log.AppendAsync("shop", [Visit("a", "c1"), Visit("b", "c2"), Visit("c", "c2"), Visit("d", "c3")], Ct);
        var p = logged.Accepted.ToDictionary(e => e.EventId, e => e.Position);
        storage.Writer.Enqueue(Row("c1", applied: p["a"]));
        storage.Writer.Enqueue(Row("c2", applied: p["b"]));
        await storage.Writer.FlushAsync(Ct);

        var lagging = await storage.ReadModel.FindLaggingAsync(first.Accepted[0].Position, bySnapshot: false, DateTimeOffset.MaxValue, 10, Ct);
        var receivedBefore = await storage.ReadModel.FindLaggingAsync(0, bySnapshot: false, DateTimeOffset.UnixEpoch, 10, Ct);

        // Each is applied up to its first entry not applied: c2 up to b, c3 (nothing applied) up to the entry before d.
        Assert.Equal([("c2", p["b"], p["c"]), ("c3", p["d"] - 1, p["d"])], lagging.Page.Select(c => (c.CustomerId, c.Through, c.LastPosition)).Order());
        Assert.Equal(p["b"], lagging.Through);
        Assert.Empty(receivedBefore.Page);
    }

    [Fact]
    public async Task A_customer_missing_an_entry_below_its_applied_position_is_lagging_and_holds_the_checkpoint()
    {
        await using var storage = await engine.CreateAsync();
        var first = await storage.Log.AppendAsync("shop", [Visit("old", "c0")], Ct);
        var logged = await storage.Log.AppendAsync("shop", [Visit("a", "c1"), Visit("b", "c1"), Visit("c", "c1"), Visit("d", "c2")], Ct);
        var p = logged.Accepted.ToDictionary(e => e.EventId, e => e.Position);

        // c1 applied a and c (a delivery of b was lost), c2 all it has: by position both are up to date.
        storage.Writer.Enqueue(Row("c1", events: 2, applied: p["c"]));
        storage.Writer.Enqueue(Row("c2", events: 1, applied: p["d"]));
        await storage.Writer.FlushAsync(Ct);

        var checkpoint = first.Accepted[0].Position;
        var lagging = await storage.ReadModel.FindLaggingAsync(checkpoint, bySnapshot: false, DateTimeOffset.MaxValue, 10, Ct);

        Assert.Equal([("c1", checkpoint, p["c"])], lagging.Page.Select(c => (c.CustomerId, c.Through, c.LastPosition)));
    }

    [Fact]
    public async Task A_customer_behind_and_missing_an_entry_below_its_applied_position_holds_the_checkpoint_below_its_first_new_entry()
    {
        await using var storage = await engine.CreateAsync();
        var first = await storage.Log.AppendAsync("shop", [Visit("old", "c0")], Ct);
        var logged = await storage.Log.AppendAsync("shop", [Visit("a", "c1"), Visit("b", "c1"), Visit("c", "c1"), Visit("d", "c1")], Ct);
        var p = logged.Accepted.ToDictionary(e => e.EventId, e => e.Position);

        // c1 applied a and c (a delivery of b was lost) and d is on its way: b must stay above the checkpoint.
        storage.Writer.Enqueue(Row("c1", events: 2, applied: p["c"]));
        await storage.Writer.FlushAsync(Ct);

        var checkpoint = first.Accepted[0].Position;
        var lagging = await storage.ReadModel.FindLaggingAsync(checkpoint, bySnapshot: false, DateTimeOffset.MaxValue, 10, Ct);

        Assert.Equal([("c1", p["a"] - 1, p["d"])], lagging.Page.Select(c => (c.CustomerId, c.Through, c.LastPosition)));
        Assert.True(lagging.Through < p["b"]);
    }

    [Fact]
    public async Task A_customer_that_applied_everything_long_ago_holds_the_checkpoint_only_below_its_new_entry()
    {
        await using var storage = await engine.CreateAsync();
        var old = await storage.Log.AppendAsync("shop", [Visit("a", "c1")], Ct);
        var others = await storage.Log.AppendAsync("shop", [.. Enumerable.Range(0, 20).Select(i => Visit($"o{i}", $"other{i}"))], Ct);
        var recent = await storage.Log.AppendAsync("shop", [Visit("b", "c1")], Ct);
        storage.Writer.Enqueue(Row("c1", events: 1, applied: old.Accepted[0].Position));
        foreach (var e in others.Accepted)
        {
            storage.Writer.Enqueue(Row(e.CustomerId, events: 1, applied: e.Position));
        }

        await storage.Writer.FlushAsync(Ct);

        var lagging = await storage.ReadModel.FindLaggingAsync(0, bySnapshot: false, DateTimeOffset.MaxValue, 10, Ct);

        // Its new entry is merely on its way: the checkpoint may pass everyone else's, not stay at c1's old one.
        var b = recent.Accepted[0].Position;
        Assert.Equal([("c1", b - 1, b)], lagging.Page.Select(c => (c.CustomerId, c.Through, c.LastPosition)));
        Assert.Equal(b - 1, lagging.Through);
    }

    [Fact]
    public async Task How_far_all_lagging_customers_are_applied_counts_those_beyond_the_page_too()
    {
        await using var storage = await engine.CreateAsync();
        var logged = await storage.Log.AppendAsync("shop", [Visit("a", "c1"), Visit("b", "c2"), Visit("c", "c3")], Ct);
        var lowest = logged.Accepted.Min(e => e.Position);

        var lagging = await storage.ReadModel.FindLaggingAsync(0, bySnapshot: false, DateTimeOffset.MaxValue, 1, Ct);

        Assert.Single(lagging.Page);
        Assert.Equal(lowest - 1, lagging.Through);
    }

    [Fact]
    public async Task Counting_the_log_up_to_a_mark_counts_each_entry_once_and_still_finds_a_missing_entry()
    {
        await using var storage = await engine.CreateAsync();
        var old = await storage.Log.AppendAsync("shop", [Visit("o1", "c1"), Visit("o2", "c1"), Visit("o3", "c1"), Visit("o4", "c2")], Ct);
        var logged = await storage.Log.AppendAsync("shop", [Visit("a", "c1"), Visit("b", "c1"), Visit("c", "c1"), Visit("d", "c2")], Ct);
        var p = logged.Accepted.ToDictionary(e => e.EventId, e => e.Position);
        var checkpoint = old.Accepted[^1].Position;

        // c1 applied everything but b (its delivery was lost), c2 everything: by position both are up to date.
        storage.Writer.Enqueue(Row("c1", events: 5, applied: p["c"]));
        storage.Writer.Enqueue(Row("c2", events: 2, applied: p["d"]));
        await storage.Writer.FlushAsync(Ct);

        // Silos passing together, then a mark inside the customers' new entries, then an older mark again.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => storage.ReadModel.CountLoggedAsync(checkpoint, Ct)));
        await storage.ReadModel.CountLoggedAsync(p["a"], Ct);
        await storage.ReadModel.CountLoggedAsync(checkpoint, Ct);
        var lagging = await storage.ReadModel.FindLaggingAsync(checkpoint, bySnapshot: false, DateTimeOffset.MaxValue, 10, Ct);

        // A count doubled would make c2 lagging too; a range left uncounted would hide c1's missing entry.
        Assert.Equal([("c1", checkpoint, p["c"])], lagging.Page.Select(c => (c.CustomerId, c.Through, c.LastPosition)));
    }

    [Fact]
    public async Task Transitions_are_stored_once_and_paged_newest_first()
    {
        await using var storage = await engine.CreateAsync();
        storage.Writer.Enqueue([Transition(1, Start), Transition(2, Start.AddDays(1)), Transition(3, Start.AddDays(1))]);
        storage.Writer.Enqueue([Transition(2, Start.AddDays(1)) with { Reason = "a repeat" }]);
        await storage.Writer.FlushAsync(Ct);

        var page = await storage.ReadModel.TransitionsAsync("shop", "c1", null, 2, Ct);
        var rest = await storage.ReadModel.TransitionsAsync("shop", "c1", new EventLog.TimelineCursor(page[^1].At.UtcTicks, page[^1].Sequence), 10, Ct);

        Assert.Equal([3L, 2L], page.Select(t => t.Sequence));
        Assert.Equal(Transition(2, Start.AddDays(1)), page[1]);
        Assert.Equal([1L], rest.Select(t => t.Sequence));
    }

    [Fact]
    public async Task A_transitions_reason_code_and_arguments_are_stored_beside_its_text_and_older_rows_have_none()
    {
        await using var storage = await engine.CreateAsync();
        var coded = Transition(1, Start) with { ReasonCode = "lapse_no_order", ReasonArgs = """{"days":75,"expectedGapDays":30,"gapSource":"default","thresholdDays":75}""" };
        storage.Writer.Enqueue([coded, Transition(2, Start.AddDays(1))]);
        await storage.Writer.FlushAsync(Ct);

        var stored = await storage.ReadModel.TransitionsAsync("shop", "c1", null, 10, Ct);

        Assert.Equal([Transition(2, Start.AddDays(1)), coded], stored);
        Assert.Null(stored[0].ReasonCode);
    }

    [Fact]
    public async Task Due_customers_page_by_time_then_id_and_marking_only_brings_due_times_forward()
    {
        await using var storage = await engine.CreateAsync();
        storage.Writer.Enqueue(Row("a", due: Start.AddHours(2)));
        storage.Writer.Enqueue(Row("b", due: Start.AddHours(1)));
        storage.Writer.Enqueue(Row("c", due: Start.AddHours(1)));
        storage.Writer.Enqueue(Row("later", due: Start.AddDays(9), vip: true));
        storage.Writer.Enqueue(Row("rich", spend365: 900m));
        storage.Writer.Enqueue(Row("once", purchaseDays: 1));
        await storage.Writer.FlushAsync(Ct);

        var first = await storage.ReadModel.FindDueAsync("shop", Start.AddHours(3), null, 2, Ct);
        var second = await storage.ReadModel.FindDueAsync("shop", Start.AddHours(3), first[^1], 2, Ct);
        Assert.Equal(["b", "c"], first.Select(d => d.CustomerId));
        Assert.Equal(["a"], second.Select(d => d.CustomerId));
        Assert.Equal(3, await storage.ReadModel.CountDueAsync("shop", Start.AddHours(3), Ct));

        var marked = await storage.ReadModel.MarkVipCandidatesDueAsync("shop", 500m, Start.AddHours(1.5), Ct);
        var gap = await storage.ReadModel.MarkGapBorrowersDueAsync("shop", Start.AddHours(1.5), Ct);
        var due = await storage.ReadModel.FindDueAsync("shop", Start.AddHours(1.5), null, 10, Ct);

        Assert.Equal((2, 1), (marked, gap));
        Assert.Equal(["b", "c", "later", "once", "rich"], due.Select(d => d.CustomerId).Order());
        Assert.Equal(Start.AddHours(1).UtcTicks, due.Single(d => d.CustomerId == "b").DueTicks);
    }

    [Fact]
    public async Task Population_inputs_tenant_models_and_checkpoints_round_trip()
    {
        await using var storage = await engine.CreateAsync();
        var inputs = new PopulationInputs(120.5m, 30.25, 3, 739000, 739060, 40.5);
        storage.Writer.Enqueue(Row("buyer", spend365: 120.5m) with { Population = inputs });
        storage.Writer.Enqueue(Row("browser"));
        await storage.Writer.FlushAsync(Ct);
        await storage.ReadModel.SaveTenantModelAsync("shop", Start, "{\"v\":1}", Ct);
        await storage.ReadModel.SaveTenantModelAsync("shop", Start.AddDays(1), "{\"v\":2}", Ct);
        await storage.ReadModel.WriteCheckpointAsync("catch-up", 41, Ct);
        await storage.ReadModel.WriteCheckpointAsync("catch-up", 42, Ct);

        Assert.Equal([inputs], await storage.ReadModel.ReadPopulationAsync("shop", Ct));
        Assert.Equal("{\"v\":2}", (await storage.ReadModel.ReadTenantModelsAsync(Ct))["shop"]);
        Assert.Equal(42, await storage.ReadModel.ReadCheckpointAsync("catch-up", Ct));
        Assert.Equal(0, await storage.ReadModel.ReadCheckpointAsync("unknown", Ct));
    }

    private static CustomerRow Row(
        string customer, string stage = "prospect", bool vip = false, bool advocate = false, int events = 1, long applied = 0, long snapshot = 0,
        DateTimeOffset? due = null, decimal spend365 = 0m, int purchaseDays = 0) =>
        new("shop", customer, stage, vip, advocate, spend365, spend365, events, applied, snapshot, due, Start, $"view {customer}",
            PopulationInputs.None with { Spend365 = spend365, PurchaseDays = purchaseDays });

    private static TransitionRecord Transition(long sequence, DateTimeOffset at) =>
        new("shop", "c1", "stage", "prospect", "one_time", at, at.AddSeconds(1), sequence, $"reason {sequence}");
}
