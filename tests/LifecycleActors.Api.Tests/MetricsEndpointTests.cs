using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Support;
using CliProgram = LifecycleActors.Cli.Program;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// <c>GET /metrics</c> on the service's own port, in Prometheus' text format, counts what the events API answered:
/// accepted, duplicate and rejected events of a tenant, and one request-to-durable measurement per request; and
/// under <c>lifecycle load</c> the same accepted count as the load generator.
/// </summary>
public sealed partial class MetricsEndpointTests(MetricsEndpointTests.MetricsHost host) : IClassFixture<MetricsEndpointTests.MetricsHost>
{
    private const string Tenant = "shop-metrics";
    private const string LoadTenant = "shop-metrics-load";
    private const string LaterTenant = "shop-metrics-later";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_scrape_counts_the_events_the_api_acknowledged_by_outcome()
    {
        using var client = host.Client(MetricsHost.Key);
        var first = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Order("m-1", "m-c1", "o-1", 10m),
            Body.Event("m-2", "m-c1", "visit"),
            Body.Event("m-2", "m-c1", "visit"),
            Body.Event("m-3", "m-c2", "no_such_type"),
            Body.Event("m-4", "m-c2", "visit")), Ct);
        var second = await client.PostAsync("/api/v1/events", Body.Of(Body.Event("m-4", "m-c2", "visit"), Body.Event("m-5", "m-c2", "visit")), Ct);
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));

        var scrape = await Eventually.Get(
            () => client.GetStringAsync("/metrics", Ct),
            text => Value(text, "lifecycle_ingest_durable_duration_seconds_count") == 2,
            what: "both requests measured");

        Assert.Equal(4, Value(scrape, "lifecycle_ingest_events_total", "accepted"));
        Assert.Equal(2, Value(scrape, "lifecycle_ingest_events_total", "duplicate"));
        Assert.Equal(1, Value(scrape, "lifecycle_ingest_events_total", "rejected"));
        Assert.Contains("# TYPE lifecycle_ingest_durable_duration_seconds histogram", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_lifecycle_load_the_scrape_counts_as_many_accepted_events_as_the_load_generator()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliProgram.RunAsync(
            ["load", "--url", host.BaseAddress.ToString(), "--api-key", MetricsHost.LoadKey, "--events", "3000", "--customers", "200",
             "--batch", "100", "--concurrency", "4", "--json"],
            stdout,
            stderr,
            Ct);
        Assert.True(exit == 0, $"load exited with {exit}: {stdout}\n{stderr}");
        using var report = JsonDocument.Parse(stdout.ToString());
        var accepted = report.RootElement.GetProperty("accepted").GetInt64();
        var duplicates = report.RootElement.GetProperty("duplicates").GetInt64();
        Assert.Equal(3000, accepted);

        // Counted before the answer is sent, so the last request's count is in once the load has its answer.
        using var client = host.Client(MetricsHost.LoadKey);
        var scrape = await client.GetStringAsync("/metrics", Ct);
        Assert.Equal(accepted, Value(scrape, "lifecycle_ingest_events_total", "accepted", LoadTenant));
        Assert.Equal(duplicates, Value(scrape, "lifecycle_ingest_events_total", "duplicate", LoadTenant) ?? 0);
        Assert.Null(Value(scrape, "lifecycle_ingest_events_total", "rejected", LoadTenant));
    }

    [Fact]
    public async Task Another_silo_host_stopping_in_the_same_process_leaves_this_ones_metrics_counting()
    {
        using var client = host.Client(MetricsHost.LaterKey);
        await PostOrderAsync(client, "l-1");
        await ScrapeUntilAcceptedAsync(client, 1);

        var other = new ApiHost();
        await other.InitializeAsync();
        using (var otherClient = other.Client())
        {
            await PostOrderAsync(otherClient, "x-1");
        }

        await other.DisposeAsync();
        await client.GetStringAsync("/metrics", Ct);

        await PostOrderAsync(client, "l-2");
        var scrape = await ScrapeUntilAcceptedAsync(client, 2);
        Assert.Equal(2, Value(scrape, "lifecycle_ingest_durable_duration_seconds_count", tenant: LaterTenant));
    }

    private static async Task PostOrderAsync(HttpClient client, string id)
    {
        var answer = await client.PostAsync("/api/v1/events", Body.Of(Body.Order(id, id + "-c", "o-" + id, 10m)), Ct);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
    }

    private static Task<string> ScrapeUntilAcceptedAsync(HttpClient client, int accepted) =>
        Eventually.Get(
            () => client.GetStringAsync("/metrics", Ct),
            text => Value(text, "lifecycle_ingest_events_total", "accepted", LaterTenant) == accepted,
            what: $"{accepted} events of the later tenant counted");

    /// <summary>The value of a series of a tenant (and outcome), or null when the scrape lacks it.</summary>
    private static double? Value(string scrape, string name, string? outcome = null, string tenant = Tenant)
    {
        foreach (Match line in SeriesLine().Matches(scrape))
        {
            var labels = line.Groups["labels"].Value;
            if (line.Groups["name"].Value == name
                && labels.Contains($"lifecycle_tenant=\"{tenant}\"", StringComparison.Ordinal)
                && (outcome is null || labels.Contains($"lifecycle_outcome=\"{outcome}\"", StringComparison.Ordinal)))
            {
                return double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();

    /// <summary>A silo with tenants of its own, so other tests' events never reach these counts.</summary>
    public sealed class MetricsHost : ApiHost
    {
        public const string Key = "key-of-shop-metrics-0123456789";
        public const string LoadKey = "key-of-shop-metrics-load-0123456789";
        public const string LaterKey = "key-of-shop-metrics-later-0123456789";

        protected override IEnumerable<string> Arguments =>
        [
            "--Lifecycle:Tenants:2:Id", Tenant, "--Lifecycle:Tenants:2:ApiKey", Key,
            "--Lifecycle:Tenants:3:Id", LoadTenant, "--Lifecycle:Tenants:3:ApiKey", LoadKey,
            "--Lifecycle:Tenants:4:Id", LaterTenant, "--Lifecycle:Tenants:4:ApiKey", LaterKey,
        ];
    }
}
