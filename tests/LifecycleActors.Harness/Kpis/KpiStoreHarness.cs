using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Limits;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LifecycleActors.Harness.Kpis;

/// <summary>
/// The KPI store (ADR 0014) on a synthetic history of N customers (the one of <c>kpis-arithmetic</c>) in SQLite or
/// PostgreSQL: how long building the store from the whole log takes, what a request for a year of months and the
/// cohort triangle costs once it is up to date (three runs), and what a burst of late changes (1 000 customers with
/// a late order, 500 NPS answers) costs to take in. With up to 200 000 customers the store's figures are compared with
/// the arithmetic over the same history.
/// </summary>
internal static class KpiStoreHarness
{
    public const string Name = "kpis-store";

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateOnly Year = new(2025, 1, 1);
    private static readonly DateTimeOffset AsOf = new(2025, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = HarnessArguments.Value(args, "--customers") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 1_000_000;
        var history = KpiArithmeticHarness.SyntheticHistory(customers, seed: 20);
        Console.WriteLine($"kpis-store: {customers:N0} customers, {history.Orders.Count:N0} orders, {history.Transitions.Count:N0} transitions, {history.NpsResponses.Count:N0} NPS answers");

        if (HarnessArguments.Value(args, "--postgres") is { } given)
        {
            await using var postgres = await ThrowawayPostgres.StartAsync(given == "throwaway" ? null : given);
            if (postgres.Server is null)
            {
                Console.WriteLine($"postgres: skipped, {postgres.Description}");
                return 0;
            }

            Console.WriteLine($"postgres: {postgres.Description}");
            var connectionString = await BenchDatabase.CreateAsync(postgres.Server, "lifecycle_kpis_bench");
            await PostgresDatabase.MigrateAsync(connectionString);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await MeasureAsync("postgres", history, new PostgresReadModel(dataSource), async () =>
                (new PostgresEventLog(dataSource, dataSource, 1000, TimeProvider.System, NullLogger<PostgresEventLog>.Instance),
                 new PostgresReadModelWriter(dataSource, NullLogger<PostgresReadModelWriter>.Instance)));
            return 0;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"lifecycle-kpis-store-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(directory);
        var files = SqliteFiles.From($"Data Source={Path.Combine(directory, "lifecycle.db")}");
        await SqliteDatabase.MigrateAsync(files);
        Console.WriteLine($"sqlite: {directory}");
        await MeasureAsync("sqlite", history, new SqliteReadModel(files.ReadModel, files.Log), async () =>
            (new SqliteEventLog(files.Log, 1000, TimeProvider.System, NullLogger<SqliteEventLog>.Instance),
             new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance)));
        return 0;
    }

    private static async Task MeasureAsync(string engine, KpiHistory history, IKpiStore store, Func<Task<(IEventLog, IReadModelWriter)>> open)
    {
        var writing = Stopwatch.StartNew();
        await WriteAsync(history, open, "");
        Console.WriteLine($"{engine}: history written in {writing.Elapsed.TotalSeconds:F1} s");

        var building = Stopwatch.StartNew();
        var built = await CatchUpAsync(store, report: true);
        Console.WriteLine($"{engine}: store built from the whole log in {building.Elapsed.TotalSeconds:F1} s ({built:N0} customers, {built / building.Elapsed.TotalSeconds:N0} customers/s)");

        for (var run = 1; run <= 3; run++)
        {
            await RequestAsync(engine, $"request {run}", store);
        }

        var late = LateChanges(history, new Random(21));
        await WriteAsync(late, open, "late-");
        var catchingUp = Stopwatch.StartNew();
        var recomputed = await CatchUpAsync(store, report: false);
        Console.WriteLine($"{engine}: {late.Orders.Count:N0} late orders and {late.NpsResponses.Count:N0} NPS answers taken in by recomputing {recomputed:N0} customers in {catchingUp.Elapsed.TotalSeconds:F2} s");
        var figures = await RequestAsync(engine, "request after them", store);

        if (history.Customers.Count <= 200_000)
        {
            // A late order or answer before a customer's first event is now its first event.
            var known = history.Customers.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
            foreach (var (customer, at) in late.Orders.Select(o => (o.CustomerId, o.PlacedAt)).Concat(late.NpsResponses.Select(a => (a.CustomerId, a.At))))
            {
                known[customer] = at < known[customer] ? at : known[customer];
            }

            var whole = new KpiHistory(
                known,
                [.. history.Orders, .. late.Orders],
                history.Refunds,
                history.Transitions,
                [.. history.NpsResponses, .. late.NpsResponses]);
            var expected = KpiCalculator.Compute(whole, Year, Year.AddMonths(11), KpiInterval.Month, Zone, new RuleOptions());
            var differing = expected.Zip(figures).FirstOrDefault(p => JsonSerializer.Serialize(p.First) != JsonSerializer.Serialize(p.Second));
            Console.WriteLine(differing.First is null
                ? $"{engine}: the store's 12 months equal the arithmetic over the whole history"
                : $"{engine}: the store's 12 months DIFFER from the arithmetic: {JsonSerializer.Serialize(differing.First)} vs {JsonSerializer.Serialize(differing.Second)}");
        }
    }

    private static async Task<IReadOnlyList<KpiFigures>> RequestAsync(string engine, string what, IKpiStore store)
    {
        var total = Stopwatch.StartNew();
        await store.CatchUpAsync(_ => Zone, TimeSpan.FromSeconds(2), CancellationToken.None);
        var caughtUp = total.Elapsed;
        var (totals, pending) = await store.ReadTotalsAsync(StoredKpiHistory.Tenant, CancellationToken.None);
        var read = total.Elapsed;
        var figures = totals.Figures(Year, Year.AddMonths(11), KpiInterval.Month, Zone, new RuleOptions());
        var cohorts = totals.Cohorts(AsOf, Zone);
        total.Stop();
        var december = figures[^1];
        Console.WriteLine(
            $"{engine}: {what}: {total.Elapsed.TotalMilliseconds:F0} ms (catch-up check {caughtUp.TotalMilliseconds:F0} ms, sums read {(read - caughtUp).TotalMilliseconds:F0} ms, "
            + $"12 months and {cohorts.Count} cohorts {(total.Elapsed - read).TotalMilliseconds:F0} ms), pending {pending}; Dec 2025: orders {december.Orders:N0}, buyers {december.Buyers:N0}, "
            + $"revenue {december.Revenue:N2}, retention {december.RetentionRate}, crr {december.Crr}, churn {december.ChurnRate}, nps {december.Nps}");
        return figures;
    }

    private static async Task<int> CatchUpAsync(IKpiStore store, bool report)
    {
        var recomputed = 0;
        var started = Stopwatch.StartNew();
        while (true)
        {
            recomputed += await store.CatchUpAsync(_ => Zone, TimeSpan.FromSeconds(30), CancellationToken.None);
            var (_, pending) = await store.ReadTotalsAsync(StoredKpiHistory.Tenant, CancellationToken.None);
            if (report)
            {
                Console.WriteLine($"  {recomputed:N0} customers recomputed, {pending:N0} pending ({started.Elapsed.TotalSeconds:F0} s)");
            }

            if (pending == 0)
            {
                return recomputed;
            }
        }
    }

    private static async Task WriteAsync(KpiHistory history, Func<Task<(IEventLog, IReadModelWriter)>> open, string idPrefix)
    {
        var (log, writer) = await open();
        try
        {
            await StoredKpiHistory.WriteAsync(history, log, writer, idPrefix);
        }
        finally
        {
            await ((IAsyncDisposable)writer).DisposeAsync();
            await ((IAsyncDisposable)log).DisposeAsync();
        }
    }

    /// <summary>1 000 customers each with a new order placed before their first one, and 500 NPS answers in 2025.</summary>
    private static KpiHistory LateChanges(KpiHistory history, Random random)
    {
        var ids = history.Customers.Keys.ToArray();
        var orders = Enumerable.Range(0, 1000).Select(i =>
        {
            var id = ids[random.Next(ids.Length)];
            return new KpiOrder(id, $"late-{i}", history.Customers[id].AddDays(-random.Next(1, 30)), 50m);
        }).ToList();
        var answers = Enumerable.Range(0, 500)
            .Select(_ => new KpiNpsResponse(ids[random.Next(ids.Length)], new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(0, 8000)), random.Next(0, 11)))
            .ToList();
        return new KpiHistory(new Dictionary<string, DateTimeOffset>(), orders, [], [], answers);
    }
}
