using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Kpis;
using LifecycleActors.Harness.Limits;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Retention;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LifecycleActors.Harness.Retention;

/// <summary>
/// Retention (ADR 0017) on the synthetic history of <c>kpis-store</c> (N customers over 2024–2025) in SQLite or
/// PostgreSQL, every customer's snapshot holding its entries: how fast a pass summarises everything before 2025-07-01
/// (entries and customers per second), what the log's appends do meanwhile (200 new events every 100 ms: their
/// latency before and during the pass), and whether the KPIs are unchanged (a year of months
/// from the store, and from the whole log, before and after).
/// </summary>
internal static class RetentionHarness
{
    public const string Name = "retention";

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateOnly Year = new(2025, 1, 1);
    private static readonly DateTimeOffset Cutoff = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = HarnessArguments.Value(args, "--customers") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 100_000;
        var history = KpiArithmeticHarness.SyntheticHistory(customers, seed: 20);
        Console.WriteLine($"retention: {customers:N0} customers, {history.Orders.Count:N0} orders, {history.NpsResponses.Count:N0} NPS answers, cutoff {Cutoff:yyyy-MM-dd}");

        if (HarnessArguments.Value(args, "--postgres") is { } given)
        {
            await using var postgres = await ThrowawayPostgres.StartAsync(given == "throwaway" ? null : given);
            if (postgres.Server is null)
            {
                Console.WriteLine($"postgres: skipped, {postgres.Description}");
                return 0;
            }

            Console.WriteLine($"postgres: {postgres.Description}");
            var connectionString = await BenchDatabase.CreateAsync(postgres.Server, "lifecycle_retention_bench");
            await PostgresDatabase.MigrateAsync(connectionString);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var log = new PostgresEventLog(dataSource, dataSource, 1000, TimeProvider.System, NullLogger<PostgresEventLog>.Instance);
            await using var writer = new PostgresReadModelWriter(dataSource, NullLogger<PostgresReadModelWriter>.Instance);
            await MeasureAsync("postgres", history, log, writer, new PostgresReadModel(dataSource));
            return 0;
        }

        var directory = HarnessArguments.Value(args, "--data") ?? Path.Combine(Path.GetTempPath(), $"lifecycle-retention-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(directory);
        var files = SqliteFiles.From($"Data Source={Path.Combine(directory, "lifecycle.db")}");
        await SqliteDatabase.MigrateAsync(files);
        Console.WriteLine($"sqlite: {directory}");
        await using (var log = new SqliteEventLog(files.Log, 1000, TimeProvider.System, NullLogger<SqliteEventLog>.Instance))
        await using (var writer = new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance))
        {
            await MeasureAsync("sqlite", history, log, writer, new SqliteReadModel(files.ReadModel, files.Log));
        }

        return 0;
    }

    private static async Task MeasureAsync(string engine, KpiHistory history, IEventLog log, IReadModelWriter writer, RelationalReadModel readModel)
    {
        var writing = Stopwatch.StartNew();
        await StoredKpiHistory.WriteAsync(history, log, writer);
        var head = await log.HeadAsync(CancellationToken.None);

        // Every customer's snapshot holds its entries, as after the snapshot sweep; the marks have read them all.
        foreach (var batch in history.Customers.Keys.Chunk(1000))
        {
            foreach (var customer in batch)
            {
                writer.Enqueue(new CustomerRow(StoredKpiHistory.Tenant, customer, "one_time", false, false, 0m, 0m, 1, head, head, null, Cutoff, "{}", PopulationInputs.None));
            }

            await writer.FlushAsync();
        }

        await readModel.CountLoggedAsync(head, CancellationToken.None);
        await CatchUpAsync(readModel);
        Console.WriteLine($"{engine}: {head:N0} entries written, snapshots and marks set, in {writing.Elapsed.TotalSeconds:F1} s");
        var before = await FiguresAsync(readModel);

        // The ingest beside it: a batch of 200 new events every 100 ms (2 000 events/s), first alone, then during the pass.
        using var stop = new CancellationTokenSource();
        var latencies = new List<(TimeSpan At, double Milliseconds)>();
        var clock = Stopwatch.StartNew();
        var failed = 0;
        var appending = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            for (var batch = 0; await pace.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested; batch++)
            {
                var events = Enumerable.Range(0, 200).Select(i => new NewEvent(
                    $"live-{batch}-{i}", $"live-{(batch * 200) + i}", "visit", Cutoff.AddMonths(7), null, null, null, null, "{}")).ToArray();
                var started = clock.Elapsed;
                try
                {
                    await log.AppendAsync(StoredKpiHistory.Tenant, events, CancellationToken.None);
                }
                catch (DbException e)
                {
                    Console.WriteLine($"  an append failed at {started.TotalSeconds:F1} s after {(clock.Elapsed - started).TotalSeconds:F1} s: {e.Message}");
                    Interlocked.Increment(ref failed);
                    continue;
                }

                lock (latencies)
                {
                    latencies.Add((started, (clock.Elapsed - started).TotalMilliseconds));
                }
            }
        });
        await Task.Delay(Baseline);
        var passStart = clock.Elapsed;

        var passing = Stopwatch.StartNew();
        var (summarised, removed, steps) = (0, 0, 0);
        var slowest = TimeSpan.Zero;
        string? next = null;
        do
        {
            var one = Stopwatch.StartNew();
            var step = await readModel.SummariseAsync(StoredKpiHistory.Tenant, Cutoff, next, 200, CancellationToken.None);
            slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
            if (one.Elapsed > TimeSpan.FromSeconds(1))
            {
                Console.WriteLine($"  step {steps + 1} took {one.Elapsed.TotalSeconds:F1} s");
            }

            (summarised, removed, steps, next) = (summarised + step.Customers, removed + step.EntriesRemoved, steps + 1, step.Next);

            // As the silo's retention runner does: as long again between steps, so that appends get the log half the time.
            await Task.Delay(one.Elapsed);
            if (steps % 100 == 0)
            {
                Console.WriteLine($"  {summarised:N0} customers, {removed:N0} entries summarised ({passing.Elapsed.TotalSeconds:F0} s)");
            }
        }
        while (next is not null);

        passing.Stop();
        var passEnd = clock.Elapsed;
        await stop.CancelAsync();
        await appending;

        var seconds = passing.Elapsed.TotalSeconds;
        Console.WriteLine(
            $"{engine}: pass: {removed:N0} entries of {summarised:N0} customers summarised in {seconds:F1} s ({removed / seconds:N0} entries/s, "
            + $"{summarised / seconds:N0} customers/s), {steps:N0} transactions of up to 200 customers, the slowest {slowest.TotalMilliseconds:F0} ms");
        Console.WriteLine($"{engine}: appends of 200 events every 100 ms: {Latencies(latencies.Where(l => l.At < passStart))} alone; {Latencies(latencies.Where(l => l.At >= passStart && l.At < passEnd))} during the pass; {failed} failed");

        await CatchUpAsync(readModel);
        var after = await FiguresAsync(readModel);
        Console.WriteLine(before == after
            ? $"{engine}: the KPIs (12 months from the store and from the whole log) are the same after the pass"
            : $"{engine}: the KPIs DIFFER after the pass:\n  before {before}\n  after  {after}");
    }

    private static string Latencies(IEnumerable<(TimeSpan At, double Milliseconds)> appends)
    {
        var sorted = appends.Select(a => a.Milliseconds).Order().ToArray();
        return sorted.Length == 0
            ? "no appends"
            : $"{sorted.Length} appends, p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms, max {sorted[^1]:F1} ms";
    }

    private static async Task CatchUpAsync(RelationalReadModel store)
    {
        int recomputed;
        do
        {
            recomputed = await store.CatchUpAsync(_ => Zone, TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        while (recomputed > 0 || (await store.ReadTotalsAsync(StoredKpiHistory.Tenant, CancellationToken.None)).Pending > 0);
    }

    private static async Task<string> FiguresAsync(RelationalReadModel store)
    {
        var (totals, _) = await store.ReadTotalsAsync(StoredKpiHistory.Tenant, CancellationToken.None);
        var history = await store.ReadKpiHistoryAsync(StoredKpiHistory.Tenant, CancellationToken.None);
        var rules = new RuleOptions();
        var stored = totals.Figures(Year, Year.AddMonths(11), KpiInterval.Month, Zone, rules);
        var computed = KpiCalculator.Compute(history, Year, Year.AddMonths(11), KpiInterval.Month, Zone, rules);
        return JsonSerializer.Serialize(new { stored, computed });
    }
}
