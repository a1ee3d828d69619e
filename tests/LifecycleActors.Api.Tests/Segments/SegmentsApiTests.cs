using System.Net;
using System.Text;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Silo.Api.Segments;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests.Segments;

/// <summary>
/// Segments over HTTP (contract §6): the filters' bad values, and the CSV export of a constructed read model holding
/// exactly the filtered customers across the export's page boundaries, quoted and protected against formulas.
/// </summary>
public sealed class SegmentsApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private const string Tenant = "shop-a";

    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("stage=lapsed,gone", "stage")]
    [InlineData("stage=LAPSED", "stage")]
    [InlineData("vip=yes", "vip")]
    [InlineData("advocate=1", "advocate")]
    [InlineData("temperature=lukewarm", "temperature")]
    [InlineData("minSpend=-5", "minSpend")]
    [InlineData("minSpend=1e3", "minSpend")]
    [InlineData("maxSpend=12,50", "maxSpend")]
    [InlineData("minSpend=100&maxSpend=50", "maxSpend")]
    [InlineData("pAliveBelow=0", "pAliveBelow")]
    [InlineData("pAliveBelow=1.5", "pAliveBelow")]
    [InlineData("pAliveBelow=abc", "pAliveBelow")]
    [InlineData("lastOrderBefore=2026-13-01", "lastOrderBefore")]
    [InlineData("lastOrderAfter=01.10.2026", "lastOrderAfter")]
    public async Task A_bad_filter_is_a_400_naming_its_field_on_the_list_and_the_export(string query, string field)
    {
        using var client = host.Client();

        foreach (var path in new[] { "/api/v1/customers", "/api/v1/customers/export.csv" })
        {
            var response = await client.GetAsync($"{path}?{query}", Ct);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task The_export_needs_the_tenants_key()
    {
        using var anonymous = host.Client(apiKey: null);

        var response = await anonymous.GetAsync("/api/v1/customers/export.csv", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_export_streams_exactly_the_filtered_customers_across_pages_and_matches_the_paged_list()
    {
        // 2 600 constructed customers: every third is a lapsed VIP, so the segment spans three export pages of 1 000 rows.
        var writer = host.App.Services.GetRequiredService<IReadModelWriter>();
        var ids = Enumerable.Range(0, 2_600).Select(i => $"seg-{i:D5}").ToList();
        var tricky = new[] { "seg-=HYPERLINK(\"http://x\")", "seg-\"quoted\", with comma", "seg-line\r\nbreak", "seg-Müller €" };
        foreach (var (id, i) in ids.Concat(tricky).Select((id, i) => (id, i)))
        {
            var inSegment = i % 3 == 0 || tricky.Contains(id);
            writer.Enqueue(Row(id, inSegment ? "lapsed" : "repeat", vip: inSegment || i % 2 == 0, netSpend: 100m + i));
        }

        // Formula cells: ids that start like a formula, and such an id in another tenant that must not leak.
        writer.Enqueue(Row("=1+1", "lapsed", vip: true, netSpend: 5m));
        writer.Enqueue(Row("@SUM(A1)", "lapsed", vip: true, netSpend: 5m));
        writer.Enqueue(Row("-2+3", "lapsed", vip: true, netSpend: 5m));
        writer.Enqueue(Row("+cmd", "lapsed", vip: true, netSpend: 5m));
        writer.Enqueue(Row("seg-other-tenant", "lapsed", vip: true, netSpend: 5m) with { Tenant = "shop-b" });
        await writer.FlushAsync(Ct);
        using var client = host.Client();
        var expected = ids.Where((_, i) => i % 3 == 0).Concat(tricky).Concat(["=1+1", "@SUM(A1)", "-2+3", "+cmd"]).Order(StringComparer.Ordinal).ToList();

        var response = await client.GetAsync("/api/v1/customers/export.csv?stage=lapsed&vip=true", HttpCompletionOption.ResponseHeadersRead, Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^customers-\d{4}-\d{2}-\d{2}-\d{4}\.csv$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(CustomerCsv.Columns, records[0]);
        var rows = records.Skip(1).ToList();
        Assert.All(rows, r => Assert.Equal(CustomerCsv.Columns.Length, r.Length));
        Assert.Equal(expected.Select(Shown), rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(("lapsed", "true"), (r[1], r[2])));
        var first = rows.Single(r => r[0] == "seg-00000");
        Assert.Equal(("100", "", "cold"), (first[5], first[15], first[13]));

        // The paged listing with the same filters holds the same customers.
        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync(
                $"/api/v1/customers?stage=lapsed&vip=true&limit=500{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).RootElement;
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(expected, listed);
    }

    /// <summary>How a customer id appears in its cell: a text that starts like a formula gets a leading apostrophe.</summary>
    private static string Shown(string id) => id[0] is '=' or '+' or '-' or '@' ? "'" + id : id;

    private static CustomerRow Row(string id, string stage, bool vip, decimal netSpend) =>
        SegmentRows.Cold(Tenant, id, stage, vip, netSpend, orders: 1, daysSinceLastOrder: 100, Now);
}
