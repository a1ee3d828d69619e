using System.Text.Json;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteSegmentFilterTests() : SegmentFilterContract(new SqliteEngine());

public sealed class PostgresSegmentFilterTests(TestPostgres server) : SegmentFilterContract(new PostgresEngine(server));

/// <summary>
/// The segment filters of the customer listing (contract §6, Segments) on a constructed read model: each alone, together,
/// and streamed by keyset pages; the temperature and pAlive conditions read the view JSON, which each engine does its own way.
/// </summary>
public abstract class SegmentFilterContract(IStorageEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

    // id, stage, vip, advocate, temperature, netSpend, pAlive, last order (days before Today; null: no order)
    private static readonly (string Id, string Stage, bool Vip, bool Advocate, string Temperature, decimal Spend, double? PAlive, int? DaysAgo)[] Customers =
    [
        ("a", "prospect", false, false, "cold", 0m, null, null),
        ("b", "one_time", false, false, "warm", 40m, 0.9, 3),
        ("c", "repeat", true, false, "hot", 900m, 0.95, 1),
        ("d", "at_risk", true, true, "warm", 650.5m, 0.4, 40),
        ("e", "lapsed", true, false, "cold", 1200m, 0.2, 90),
        ("f", "lapsed", false, false, "cold", 80m, 0.1, 100),
        ("g", "churned", false, true, "cold", 250m, null, 400),
    ];

    public static TheoryData<string, string[]> Segments => new()
    {
        { "everyone", ["a", "b", "c", "d", "e", "f", "g"] },
        { "stage lapsed", ["e", "f"] },
        { "stages lapsed at_risk", ["d", "e", "f"] },
        { "vip", ["c", "d", "e"] },
        { "not vip", ["a", "b", "f", "g"] },
        { "advocate", ["d", "g"] },
        { "temperature cold", ["a", "e", "f", "g"] },
        { "minSpend 250", ["c", "d", "e", "g"] },
        { "maxSpend 250", ["a", "b", "f", "g"] },
        { "spend 80..900", ["c", "d", "f", "g"] },
        { "pAlive below 0.4", ["e", "f"] },
        { "last order before 40 days", ["e", "f", "g"] },
        { "last order after 40 days", ["b", "c", "d"] },
        { "lapsed vips", ["e"] },
        { "cold lapsed or churned over 100 with pAlive below 0.5", ["e"] },
        { "nobody", [] },
    };

    private static CustomerFilter FilterFor(string segment) => segment switch
    {
        "everyone" => CustomerFilter.Everyone,
        "stage lapsed" => new() { Stages = ["lapsed"] },
        "stages lapsed at_risk" => new() { Stages = ["lapsed", "at_risk"] },
        "vip" => new() { Vip = true },
        "not vip" => new() { Vip = false },
        "advocate" => new() { Advocate = true },
        "temperature cold" => new() { Temperature = "cold" },
        "minSpend 250" => new() { MinSpend = 250m },
        "maxSpend 250" => new() { MaxSpend = 250m },
        "spend 80..900" => new() { MinSpend = 80m, MaxSpend = 900m },
        "pAlive below 0.4" => new() { PAliveBelow = 0.4 },
        "last order before 40 days" => new() { LastOrderBefore = Today.AddDays(-40) },
        "last order after 40 days" => new() { LastOrderAfter = Today.AddDays(-40) },
        "lapsed vips" => new() { Stages = ["lapsed"], Vip = true },
        "cold lapsed or churned over 100 with pAlive below 0.5" =>
            new() { Stages = ["lapsed", "churned"], Temperature = "cold", MinSpend = 100m, PAliveBelow = 0.5 },
        "nobody" => new() { Stages = ["repeat"], Vip = false },
        _ => throw new ArgumentOutOfRangeException(nameof(segment)),
    };

    [Theory]
    [MemberData(nameof(Segments))]
    public async Task A_segment_lists_exactly_its_customers(string segment, string[] expected)
    {
        await using var storage = await engine.CreateAsync();
        await WriteAsync(storage);

        var listed = await storage.ReadModel.ListAsync("shop", FilterFor(segment), null, 100, Ct);

        Assert.Equal(expected, listed.Select(IdOf));
    }

    [Fact]
    public async Task Keyset_pages_of_a_segment_hold_every_match_once_and_no_other_tenant()
    {
        await using var storage = await engine.CreateAsync();
        for (var i = 0; i < 23; i++)
        {
            storage.Writer.Enqueue(Row($"p-{i:D2}", i % 3 == 0 ? "lapsed" : "repeat", vip: i % 2 == 0, advocate: false, "warm", 10m * i, 0.5, 5));
        }

        storage.Writer.Enqueue(Row("p-00", "lapsed", true, false, "warm", 0m, 0.5, 5) with { Tenant = "other" });
        await storage.Writer.FlushAsync(Ct);
        var filter = new CustomerFilter { Stages = ["lapsed"], Vip = true };

        var streamed = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await storage.ReadModel.ListAsync("shop", filter, after, 2, Ct);
            streamed.AddRange(page.Select(IdOf));
            if (page.Count < 2)
            {
                break;
            }

            after = IdOf(page[^1]);
        }

        // The export's scan: bounded chunks of ids, of which the matches come back, until none are left.
        var scanned = new List<string>();
        var chunks = 0;
        string? last = null;
        do
        {
            var (views, lastScanned) = await storage.ReadModel.ScanAsync("shop", filter, last, 4, Ct);
            scanned.AddRange(views.Select(IdOf));
            last = lastScanned;
            chunks++;
        }
        while (last is not null);

        var expected = Enumerable.Range(0, 23).Where(i => i % 3 == 0 && i % 2 == 0).Select(i => $"p-{i:D2}").ToList();
        Assert.Equal(expected, streamed);
        Assert.Equal(expected, scanned);
        Assert.Equal(7, chunks);
    }

    [Theory]
    [MemberData(nameof(Segments))]
    public async Task A_chunked_scan_of_a_segment_finds_what_the_listing_finds(string segment, string[] expected)
    {
        await using var storage = await engine.CreateAsync();
        await WriteAsync(storage);

        var scanned = new List<string>();
        string? last = null;
        do
        {
            var (views, lastScanned) = await storage.ReadModel.ScanAsync("shop", FilterFor(segment), last, 3, Ct);
            scanned.AddRange(views.Select(IdOf));
            last = lastScanned;
        }
        while (last is not null);

        Assert.Equal(expected, scanned);
    }

    private static async Task WriteAsync(StorageUnderTest storage)
    {
        foreach (var c in Customers)
        {
            storage.Writer.Enqueue(Row(c.Id, c.Stage, c.Vip, c.Advocate, c.Temperature, c.Spend, c.PAlive, c.DaysAgo));
        }

        await storage.Writer.FlushAsync(Ct);
    }

    private static string IdOf(string view) => JsonDocument.Parse(view).RootElement.GetProperty("customerId").GetString()!;

    private static CustomerRow Row(string id, string stage, bool vip, bool advocate, string temperature, decimal spend, double? pAlive, int? daysAgo)
    {
        var lastOrder = daysAgo is { } d ? Today.AddDays(-d) : (DateOnly?)null;
        var view = JsonSerializer.Serialize(new
        {
            customerId = id,
            stage,
            vip,
            advocate,
            netSpend = spend,
            temperature,
            pAlive,
            lastOrderAt = lastOrder?.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
        });
        var days = lastOrder is null ? 0 : 1;
        return new CustomerRow(
            "shop", id, stage, vip, advocate, spend, spend, 1, 0, 0, null, Start, view,
            PopulationInputs.None with { PurchaseDays = days, FirstPurchaseDay = lastOrder?.DayNumber, LastPurchaseDay = lastOrder?.DayNumber });
    }
}
