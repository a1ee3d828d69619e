using System.Net;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests.Privacy;

/// <summary>
/// Erasure end to end on both storage engines (ADR 0016): after <c>DELETE /api/v1/customers/{id}</c> no column of
/// any table holds the customer's id, its linked anonymous id or its event ids; another customer is untouched; a
/// storefront's retry of an old event is dropped as erased; a new order starts a new customer.
/// </summary>
public sealed class ErasureTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    private const string Customer = "gdpr-c1";
    private const string Anonymous = "anon-gdpr-1";
    private const string Other = "gdpr-keep";

    private static readonly string[] EventIds = ["gdpr-e1", "gdpr-e2", "gdpr-e3", "gdpr-e4", "gdpr-e5"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_SQLite_an_erased_customer_leaves_no_trace_and_does_not_come_back()
    {
        await using var host = new Host([]);
        await host.InitializeAsync();
        await EraseAndCheckAsync(host, needles => StoreScan.SqliteAsync(host.SqliteConnectionString, needles));
    }

    [Fact]
    public async Task On_PostgreSQL_an_erased_customer_leaves_no_trace_and_does_not_come_back()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var host = new Host(["--Storage:Provider", StorageOptions.Postgres, "--ConnectionStrings:Lifecycle", database]);
        await host.InitializeAsync();
        await EraseAndCheckAsync(host, needles => StoreScan.PostgresAsync(database, needles));
    }

    private static async Task EraseAndCheckAsync(Host host, Func<IReadOnlyList<string>, Task<IReadOnlyList<string>>> scan)
    {
        using var client = host.Client();
        var now = DateTimeOffset.UtcNow;
        var posted = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event(EventIds[0], Anonymous, "visit", now.AddHours(-3), new { path = "/shoes" }),
            Body.Event(EventIds[1], Anonymous, "identify", now.AddHours(-2), new { customerId = Customer }),
            Body.Order(EventIds[2], Customer, "gdpr-o1", 40m, now.AddHours(-1)),
            Body.Order(EventIds[3], Customer, "gdpr-o2", 60m, now.AddMinutes(-30)),
            Body.Event(EventIds[4], Customer, "email_clicked", now.AddMinutes(-20)),
            Body.Order("gdpr-k1", Other, "gdpr-ko1", 25m, now.AddHours(-1)),
            Body.Event("gdpr-k2", Other, "referral_made", now.AddHours(-4), new { referredCustomerId = Customer })), Ct);
        Assert.Equal(5 + 2, (await posted.Json()).GetProperty("accepted").GetInt32());
        await Eventually.Get(
            async () => await (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out var n) && n.GetInt32() == 5,
            what: "the customer's five events applied");
        var grains = host.App.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", Customer)).CatchUpAsync();

        // The referrer heard of the conversion: the referral counts three points, and its snapshot names the customer.
        var other = await Eventually.Get(
            async () => await (await client.GetAsync($"/api/v1/customers/{Other}", Ct)).Json(),
            c => c.GetProperty("advocacyPoints").GetInt32() == 3,
            what: "the referrer told of the conversion");
        await grains.GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", Other)).CatchUpAsync();

        // The scan finds the customer where it lives, so finding nothing afterwards means something.
        string[] needles = [Customer, Anonymous, .. EventIds];
        await Eventually.Get(
            () => scan(needles),
            places => places.Contains("event_log.customer_id") && places.Contains("customers.customer_id")
                && places.Contains("transitions.customer_id") && places.Contains("grain_state.key_text")
                && places.Contains("event_log.referred_id") && places.Contains("grain_state.payload"),
            what: "the customer in the log, the read model, its transitions and its snapshot");

        var requested = await client.DeleteAsync($"/api/v1/customers/{Customer}", Ct);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var erasureId = (await requested.Json()).GetProperty("erasureId").GetString()!;
        Assert.Equal($"/api/v1/erasures/{erasureId}", requested.Headers.Location?.OriginalString);
        var done = await Eventually.Get(
            async () => await (await client.GetAsync($"/api/v1/erasures/{erasureId}", Ct)).Content.ReadAsStringAsync(Ct),
            body => body.Contains("\"status\":\"done\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            what: "the erasure done");

        Assert.Empty(await scan(needles));
        Assert.DoesNotContain(Customer, done, StringComparison.Ordinal);
        var counts = System.Text.Json.JsonDocument.Parse(done).RootElement.GetProperty("counts");
        Assert.Equal(5, counts.GetProperty("eventLog").GetInt64());
        Assert.Equal(1, counts.GetProperty("identityLinks").GetInt64());
        Assert.True(counts.GetProperty("transitions").GetInt64() >= 1, done);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{Anonymous}", Ct)).StatusCode);
        Assert.Equal(1, counts.GetProperty("referralsPseudonymised").GetInt64());
        Assert.Equal(other.ToString(), (await (await client.GetAsync($"/api/v1/customers/{Other}", Ct)).Json()).ToString());

        // A storefront's late retry of an old order is dropped, and says so; a new order is a new customer.
        var retried = await (await client.PostAsync("/api/v1/events", Body.Of(Body.Order(EventIds[2], Customer, "gdpr-o1", 40m, now.AddHours(-1))), Ct)).Json();
        Assert.Equal((0, 0, 1), (retried.GetProperty("accepted").GetInt32(), retried.GetProperty("duplicates").GetInt32(), retried.GetProperty("erased").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).StatusCode);
        var fresh = await (await client.PostAsync("/api/v1/events", Body.Of(Body.Order("gdpr-new-1", Customer, "gdpr-o3", 15m, DateTimeOffset.UtcNow)), Ct)).Json();
        Assert.Equal(1, fresh.GetProperty("accepted").GetInt32());
        var reborn = await Eventually.Get(
            async () => await (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out _),
            what: "the new customer under the erased id");
        Assert.Equal(1, reborn.GetProperty("eventsApplied").GetInt32());

        var audit = await (await client.GetAsync("/api/v1/erasures", Ct)).Json();
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal((erasureId, "done", "api-key"), (entry.GetProperty("erasureId").GetString(), entry.GetProperty("status").GetString(), entry.GetProperty("requestedBy").GetString()));
    }

    [Fact]
    public async Task On_SQLite_events_racing_the_erasure_are_either_erased_with_it_or_dropped()
    {
        await using var host = new Host([]);
        await host.InitializeAsync();
        await RaceAsync(host, needles => StoreScan.SqliteAsync(host.SqliteConnectionString, needles));
    }

    [Fact]
    public async Task On_PostgreSQL_events_racing_the_erasure_are_either_erased_with_it_or_dropped()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var host = new Host(["--Storage:Provider", StorageOptions.Postgres, "--ConnectionStrings:Lifecycle", database]);
        await host.InitializeAsync();
        await RaceAsync(host, needles => StoreScan.PostgresAsync(database, needles));
    }

    /// <summary>
    /// A storefront keeps sending the customer's (past) events while it is erased: every event is accounted for as
    /// accepted or erased, and once the erasure is done nothing of the customer is left, also after it is asked for.
    /// </summary>
    private static async Task RaceAsync(Host host, Func<IReadOnlyList<string>, Task<IReadOnlyList<string>>> scan)
    {
        using var client = host.Client();
        var past = DateTimeOffset.UtcNow.AddMinutes(-5);
        var sent = new List<string>();
        var accepted = 0;
        var erased = 0;
        async Task SendAsync()
        {
            var ids = Enumerable.Range(sent.Count, 20).Select(n => $"race-e{n}").ToList();
            sent.AddRange(ids);
            var ack = await (await client.PostAsync("/api/v1/events", Body.Of([.. ids.Select(id => Body.Order(id, "race-c1", id, 5m, past))]), Ct)).Json();
            accepted += ack.GetProperty("accepted").GetInt32();
            erased += ack.GetProperty("erased").GetInt32();
        }

        await SendAsync();
        await Eventually.Found(client, "/api/v1/customers/race-c1", "the customer's first orders applied");
        var requested = await (await client.DeleteAsync("/api/v1/customers/race-c1", Ct)).Json();
        var erasureId = requested.GetProperty("erasureId").GetString();
        string status;
        do
        {
            await SendAsync();
            status = (await (await client.GetAsync($"/api/v1/erasures/{erasureId}", Ct)).Json()).GetProperty("status").GetString()!;
            Assert.True(sent.Count < 20_000, "the erasure was not done while 20 000 events were sent");
        }
        while (status != "done");

        await SendAsync();
        Assert.Equal(sent.Count, accepted + erased);
        Assert.True(erased >= 20, $"{erased} events were dropped as erased");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/customers/race-c1", Ct)).StatusCode);
        Assert.Empty(await scan(["race-c1", .. sent]));
    }

    /// <summary>A silo on the given storage.</summary>
    private sealed class Host(IEnumerable<string> arguments) : ApiHost
    {
        protected override IEnumerable<string> Arguments => arguments;
    }
}
