using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteIdentityLinkTests() : IdentityLinkContract(new SqliteEngine());

public sealed class PostgresIdentityLinkTests(TestPostgres server) : IdentityLinkContract(new PostgresEngine(server));

/// <summary>Identity links at append and their effect on listings and stats (ADR 0013), whatever the engine.</summary>
public abstract class IdentityLinkContract(IStorageEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_identify_links_its_anonymous_id_and_every_later_event_of_that_id_is_logged_under_the_customer()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [AnonymousVisit("v1", "anon-1")], Ct);

        var linking = await storage.Log.AppendAsync(
            "shop", [AnonymousVisit("v2", "anon-1"), Identify("i1", "anon-1", "c-1"), AnonymousVisit("v3", "anon-1")], Ct);
        var later = await storage.Log.AppendAsync("shop", [AnonymousVisit("v4", "anon-1"), AnonymousVisit("w1", "anon-2")], Ct);

        Assert.Equal(
            [("v2", "anon-1", null), ("i1", "c-1", "anon-1"), ("v3", "c-1", "anon-1")],
            linking.Accepted.Select(e => (e.EventId, e.CustomerId, e.SentAs)));
        Assert.Equal([("v4", "c-1", "anon-1"), ("w1", "anon-2", null)], later.Accepted.Select(e => (e.EventId, e.CustomerId, e.SentAs)));
        Assert.Equal(["v1", "v2"], (await storage.Log.ReadCustomerAsync("shop", "anon-1", 0, Ct)).Select(e => e.EventId));
        Assert.Equal(
            [("i1", (string?)"anon-1"), ("v3", "anon-1"), ("v4", "anon-1")],
            (await storage.Log.ReadCustomerAsync("shop", "c-1", 0, Ct)).Select(e => (e.EventId, e.SentAs)));
    }

    [Fact]
    public async Task The_same_link_again_is_a_duplicate_and_a_link_to_another_customer_is_refused_naming_the_field()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [Identify("i1", "anon-1", "c-1")], Ct);

        var again = await storage.Log.AppendAsync("shop", [Identify("i2", "anon-1", "c-1")], Ct);
        var other = await storage.Log.AppendAsync("shop", [Identify("i3", "anon-1", "c-2"), AnonymousVisit("v1", "anon-1")], Ct);
        var otherTenant = await storage.Log.AppendAsync("other", [Identify("i4", "anon-1", "c-2")], Ct);

        Assert.Equal((0, 1, 0), (again.Accepted.Count, again.Duplicates, again.Refused.Count));
        Assert.Equal([new RefusedEvent("i3", RelationalEventLog.AlreadyLinkedError)], other.Refused);
        Assert.StartsWith("data.customerId: ", other.Refused[0].Error, StringComparison.Ordinal);
        Assert.Equal(0, other.Duplicates);
        Assert.Equal([("v1", "c-1")], other.Accepted.Select(e => (e.EventId, e.CustomerId)));
        Assert.Equal([("i4", "c-2")], otherTenant.Accepted.Select(e => (e.EventId, e.CustomerId)));
        Assert.Empty(await storage.Log.ReadCustomerAsync("shop", "c-2", 0, Ct));
    }

    [Fact]
    public async Task A_customers_timeline_shows_the_events_of_its_anonymous_ids_from_before_the_link()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [AnonymousVisit("v1", "anon-1", Start), Order("o1", "c-1", "ord-1", 5m, Start.AddHours(1))], Ct);
        await storage.Log.AppendAsync("shop", [AnonymousVisit("v2", "anon-2", Start.AddHours(2)), Identify("i1", "anon-1", "c-1", Start.AddHours(3))], Ct);
        await storage.Log.AppendAsync("shop", [AnonymousVisit("v3", "anon-1", Start.AddHours(4))], Ct);

        var timeline = await storage.Log.ReadTimelineAsync("shop", "c-1", null, 10, Ct);
        var page = await storage.Log.ReadTimelineAsync("shop", "c-1", null, 2, Ct);

        Assert.Equal(["v3", "i1", "o1", "v1"], timeline.Select(e => e.EventId));
        Assert.Equal(["v3", "i1"], page.Select(e => e.EventId));
    }

    [Fact]
    public async Task Listings_and_stats_count_a_visitor_and_the_customer_it_was_linked_to_once()
    {
        await using var storage = await engine.CreateAsync();
        storage.Writer.Enqueue(Row("anon-1", "prospect", events: 3));
        storage.Writer.Enqueue(Row("anon-2", "prospect", events: 1));
        storage.Writer.Enqueue(Row("c-1", "one_time", events: 2));
        await storage.Writer.FlushAsync(Ct);
        var before = await storage.ReadModel.StatsAsync("shop", Ct);

        storage.Writer.Enqueue(Row("c-1", "one_time", events: 2) with { LinkedAnonymousIds = ["anon-1"] });
        await storage.Writer.FlushAsync(Ct);
        storage.Writer.Enqueue(Row("anon-1", "prospect", events: 4));
        await storage.Writer.FlushAsync(Ct);

        var stats = await storage.ReadModel.StatsAsync("shop", Ct);
        var listed = await storage.ReadModel.ListAsync("shop", new CustomerFilter(null, null, null), null, 10, Ct);
        var prospects = await storage.ReadModel.ListAsync("shop", new CustomerFilter("prospect", null, null), null, 10, Ct);

        Assert.Equal((3L, 2L), (before.Customers, before.Stages["prospect"]));
        Assert.Equal(["view anon-2", "view c-1"], listed);
        Assert.Equal(["view anon-2"], prospects);
        Assert.Equal((2L, 1L, 1L), (stats.Customers, stats.Stages["prospect"], stats.Stages["one_time"]));

        // Each log entry is applied by one row: the visitor's row still counts its own.
        Assert.Equal(7L, stats.EventsApplied);
    }

    private static CustomerRow Row(string customer, string stage, int events) =>
        new("shop", customer, stage, false, false, 0m, 0m, events, 0, 0, null, Start, $"view {customer}", PopulationInputs.None);
}
