using System.Net;
using System.Text;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests;

public sealed class EventsApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accepted_events_are_counted_and_duplicates_once()
    {
        using var client = host.Client();
        var first = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Order("acc-1", "acc-c1", "o-1", 10m),
            Body.Event("acc-2", "acc-c1", "visit"),
            Body.Event("acc-2", "acc-c1", "visit")), Ct);
        var second = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event("acc-2", "acc-c1", "visit"),
            Body.Event("acc-3", "acc-c1", "visit")), Ct);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var a = await first.Json();
        Assert.Equal((2, 1, 0), (a.GetProperty("accepted").GetInt32(), a.GetProperty("duplicates").GetInt32(), a.GetProperty("rejected").GetArrayLength()));
        var b = await second.Json();
        Assert.Equal((1, 1), (b.GetProperty("accepted").GetInt32(), b.GetProperty("duplicates").GetInt32()));

        var customer = await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/customers/acc-c1", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out var n) && n.GetInt32() == 3,
            what: "three events applied");
        Assert.Equal(1, customer.GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task The_ingest_streams_keep_their_subscriptions_in_memory_not_in_the_grain_snapshots()
    {
        using var client = host.Client();
        await client.PostAsync("/api/v1/events", Body.Of(Body.Order("pubsub-1", "pubsub-c1", "o-1", 10m)), Ct);
        await Eventually.Found(client, "/api/v1/customers/pubsub-c1", "the event applied");

        // A customer snapshot is written on demand, so the table is known to be in use.
        await host.App.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", "pubsub-c1")).CatchUpAsync();
        await using var grains = new SqliteConnection(SqliteFiles.From(host.SqliteConnectionString).Grains);
        await grains.OpenAsync(Ct);
        await using var names = grains.CreateCommand();
        names.CommandText = "SELECT DISTINCT state_name FROM grain_state ORDER BY state_name";
        var stored = new List<string>();
        await using (var reader = await names.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.Contains("customer", stored);
        Assert.DoesNotContain(stored, name => name.Contains("PubSub", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Invalid_events_are_rejected_by_index_and_valid_neighbours_accepted()
    {
        using var client = host.Client();
        var response = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event("rej-1", "rej-c1", "visit"),
            Body.Event("rej-2", "rej-c1", "teleport"),
            new { id = "rej-3", customerId = "rej-c1", type = "order_placed", occurredAt = Body.Recent, data = new { amount = 5 } },
            Body.Event("rej-4", "rej-c1", "visit", DateTimeOffset.UtcNow.AddHours(1)),
            Body.Order("rej-5", "rej-c1", "o-1", 20m)), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(["rej-2", "rej-3", "rej-4"], rejected.Select(r => r.GetProperty("id").GetString()));
        Assert.StartsWith("type:", rejected[0].GetProperty("error").GetString());
        Assert.StartsWith("data.orderId:", rejected[1].GetProperty("error").GetString());
        Assert.StartsWith("occurredAt:", rejected[2].GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("{not json", "body")]
    [InlineData("{\"id\":\"x\"}", "body")]
    [InlineData("[]", "body")]
    public async Task A_body_that_is_not_an_array_of_events_is_a_400_problem(string json, string field)
    {
        using var client = host.Client();
        var response = await client.PostAsync("/api/v1/events", Body.Raw(json), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await response.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task More_than_1000_events_is_a_413_problem()
    {
        using var client = host.Client();
        var events = Enumerable.Range(0, 1001).Select(i => Body.Event($"many-{i}", "many-c", "visit")).ToArray();

        var response = await client.PostAsync("/api/v1/events", Body.Of(events), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("1001", (await response.Json()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_a_413_problem_with_or_without_content_length()
    {
        using var client = host.Client();
        var padding = new string('x', 1024 * 1024);
        var json = $"[{{\"id\":\"big\",\"customerId\":\"big\",\"type\":\"visit\",\"occurredAt\":\"{Body.Recent:O}\",\"data\":{{\"pad\":\"{padding}\"}}}}]";

        var declared = await client.PostAsync("/api/v1/events", Body.Raw(json), Ct);
        var streamed = await client.PostAsync("/api/v1/events", new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789")]
    public async Task Without_a_valid_key_every_endpoint_is_401(string? key)
    {
        using var client = host.Client(key);

        foreach (var response in new[]
        {
            await client.PostAsync("/api/v1/events", Body.Of(Body.Event("u-1", "u-c", "visit")), Ct),
            await client.GetAsync("/api/v1/customers/u-c", Ct),
            await client.GetAsync("/api/v1/customers", Ct),
            await client.GetAsync("/api/v1/stats", Ct),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
