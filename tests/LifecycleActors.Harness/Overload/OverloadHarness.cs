using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Limits;
using LifecycleActors.Harness.Live;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Overload;

/// <summary>
/// A Release silo offered more than it can take: first its saturation, measured closed-loop as the limits harness
/// measures it (<see cref="ServiceSaturation"/>); then an open-loop load at <c>--load-percent</c> of that rate for
/// <c>--seconds</c>. Prints per 10-s window what was offered, accepted and shed (by status), the accepted requests'
/// latency and the silo's queues and memory; then checks that every acknowledged event was applied exactly once (per
/// customer, from the read model) after the requests left without an answer were sent again.
/// </summary>
internal static class OverloadHarness
{
    public const string Name = "overload";
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = OverloadOptions.Parse(args);
        Directory.CreateDirectory(options.DataDirectory);
        var output = Console.Out;
        output.WriteLine(Figures.Format($"overload: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {options.Customers:N0} customer ids; data in {options.DataDirectory}"));
        output.WriteLine($"silo ingest settings: {(options.IngestArguments.Count == 0 ? "the defaults" : string.Join(' ', options.IngestArguments))}");

        await using var postgres = options.Postgres is null ? null : await ThrowawayPostgres.StartAsync(options.Postgres == "throwaway" ? null : options.Postgres);
        var database = "SQLite";
        var storage = new List<string>();
        string? postgresDatabase = null;
        if (postgres is not null)
        {
            var server = postgres.Server ?? throw new InvalidOperationException($"PostgreSQL: {postgres.Description}");
            postgresDatabase = await BenchDatabase.CreateAsync(server, "lifecycle_overload");
            storage.AddRange(["--Storage:Provider", StorageOptions.Postgres, "--ConnectionStrings:Lifecycle", postgresDatabase]);
            database = $"PostgreSQL ({postgres.Description})";
        }

        output.WriteLine($"database: {database}");
        await using var silo = await BenchSilo.StartAsync(options.SiloDll, options.DataDirectory, [.. storage, .. options.IngestArguments]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = TimeSpan.FromSeconds(30) };
        var shop = new FailoverShop("over", options.Customers, DateTimeOffset.UtcNow);

        double saturated;
        if (options.SaturationRate is { } given)
        {
            saturated = given;
            output.WriteLine(Figures.Format($"saturation: {given:N0} events/s as given with --saturation-rate (not measured)"));
        }
        else
        {
            output.WriteLine(Figures.Format($"saturation, closed loop: {ServiceSaturation.Batch} events a request, {ServiceSaturation.Workers} in flight, {options.Saturation.TotalSeconds:F0} s"));
            var saturation = await ServiceSaturation.MeasureAsync(silo, BenchSilo.ApiKey, shop, options.Saturation, output);
            saturated = saturation.Applied ?? saturation.Accepted;
            output.WriteLine(Figures.Format($"    saturation: acknowledged {saturation.Accepted:N0} events/s, applied {Figures.Rate(saturation.Applied)} events/s, ack p50 {saturation.AckP50:F0} ms, p99 {saturation.AckP99:F0} ms"));
        }

        var counts = new AppliedCounts(http, silo.BaseAddress, postgresDatabase, Path.Combine(options.DataDirectory, "lifecycle-read.db"));
        var before = await counts.PerCustomerAsync();
        var offered = saturated * options.LoadPercent / 100.0;
        var requestsPerSecond = offered / ServiceSaturation.Batch;
        output.WriteLine(Figures.Format($"open loop at {options.LoadPercent} % of saturation: {offered:N0} events/s = {requestsPerSecond:F1} requests/s of {ServiceSaturation.Batch} events for {options.Duration.TotalSeconds:F0} s, whatever the answers"));

        var load = new OpenLoopLoad(http, BenchSilo.ApiKey, silo.BaseAddress, shop, requestsPerSecond, ServiceSaturation.Batch);
        var gauges = new SiloGauges(silo, http, () => load.InFlight, () => load.Elapsed);
        var start = await gauges.SampleAsync();
        using var stopGauges = new CancellationTokenSource();
        var sampling = gauges.RunAsync(stopGauges.Token);
        var loading = load.RunAsync(options.Duration);
        await Task.WhenAny(loading, Task.Delay(options.Duration));
        var end = await gauges.SampleAsync();
        await loading;
        await stopGauges.CancelAsync();
        await sampling;
        var answered = await gauges.SampleAsync();

        output.WriteLine();
        OverloadTable.Print(output, load, gauges, options.Duration);
        output.WriteLine(Figures.Format($"RSS: {Mib(start.ResidentBytes):F0} MiB at the start, {Mib(end.ResidentBytes):F0} MiB when sending stopped, {Mib(answered.ResidentBytes):F0} MiB once every request was answered"));

        output.WriteLine(Figures.Format($"sending {load.Unsettled.Count:N0} requests left without an answer again (same event ids)"));
        try
        {
            await load.SettleAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException e)
        {
            output.WriteLine($"not checked: the silo did not recover ({e.Message})");
            return 1;
        }

        var check = await ExactlyOnceAsync(counts, before, load, shop, output);
        output.WriteLine(check.Lost == 0 && check.Doubled == 0
            ? Figures.Format($"exactly once: all {check.Acknowledged:N0} acknowledged events applied once ({check.Customers:N0} customers checked), none lost, none doubled")
            : Figures.Format($"NOT exactly once: {check.Lost:N0} acknowledged events lost, {check.Doubled:N0} doubled over {check.Customers:N0} customers"));
        await silo.StopAsync();
        if (!options.KeepData)
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }

        return check.Lost == 0 && check.Doubled == 0 ? 0 : 1;
    }

    private static double Mib(long bytes) => bytes / 1024.0 / 1024.0;

    /// <summary>Waits until the service applied what was acknowledged, then compares per customer.</summary>
    private static async Task<ExactlyOnce> ExactlyOnceAsync(AppliedCounts counts, IReadOnlyDictionary<string, long> before, OpenLoopLoad load, FailoverShop shop, TextWriter output)
    {
        var expected = before.Values.Sum() + load.AcknowledgedEvents;
        var waiting = Stopwatch.StartNew();
        long applied;
        while ((applied = await counts.TotalAsync()) < expected && waiting.Elapsed < ApplyTimeout)
        {
            await Task.Delay(500);
        }

        output.WriteLine(Figures.Format($"applied {applied:N0} of {expected:N0} expected, {waiting.Elapsed.TotalSeconds:F1} s after the last answer"));
        var after = await counts.PerCustomerAsync();
        long lost = 0, doubled = 0;
        for (var i = 0; i < shop.Customers; i++)
        {
            var id = shop.CustomerId(i);
            var difference = after.GetValueOrDefault(id) - before.GetValueOrDefault(id) - load.AcknowledgedOf(i);
            lost += Math.Max(0, -difference);
            doubled += Math.Max(0, difference);
        }

        return new ExactlyOnce(load.AcknowledgedEvents, shop.Customers, lost, doubled);
    }

    private sealed record ExactlyOnce(long Acknowledged, int Customers, long Lost, long Doubled);

    /// <summary>Events applied, in total (<c>GET /api/v1/stats</c>) and per customer (the read model, SQLite file or PostgreSQL).</summary>
    private sealed class AppliedCounts(HttpClient http, Uri silo, string? postgres, string sqliteReadModel)
    {
        private const string PerCustomer = "SELECT customer_id, events_applied FROM customers WHERE tenant = 'bench'";

        public async Task<long> TotalAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "/api/v1/stats"));
            request.Headers.Add("X-Api-Key", BenchSilo.ApiKey);
            using var response = await http.SendAsync(request);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventsApplied").GetInt64();
        }

        public async Task<IReadOnlyDictionary<string, long>> PerCustomerAsync()
        {
            var applied = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var connection = postgres is null
                ? (System.Data.Common.DbConnection)new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqliteReadModel};Mode=ReadOnly")
                : new Npgsql.NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = PerCustomer;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                applied[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }

            return applied;
        }
    }
}
