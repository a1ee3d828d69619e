using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.Kpis;

namespace LifecycleActors.Harness.Kpis;

/// <summary>
/// The KPI arithmetic recomputed from a whole history held in memory: N synthetic customers over two years, a year of
/// months and the cohort triangle timed. It is the cost a from-scratch answer pays before any storage is read, the
/// baseline the incremental tables of issue 20 must beat. With <c>--stored</c> the history is first written to a SQLite
/// store and each run reads it back as <c>GET /api/v1/kpis</c> does.
/// </summary>
internal static class KpiArithmeticHarness
{
    public const string Name = "kpis-arithmetic";

    public static async Task<int> RunAsync(string[] args)
    {
        var i = Array.IndexOf(args, "--customers");
        var customers = i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 1_000_000;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var building = Stopwatch.StartNew();
        var history = SyntheticHistory(customers, seed: 20);
        building.Stop();
        Console.WriteLine(
            $"kpis-arithmetic: {customers:N0} customers, {history.Orders.Count:N0} orders, {history.Refunds.Count:N0} refunds, "
            + $"{history.Transitions.Count:N0} transitions, {history.NpsResponses.Count:N0} NPS answers (built in {building.Elapsed.TotalSeconds:F1} s)");

        var rules = new RuleOptions();
        IKpiStore? stored = null;
        if (args.Contains("--stored"))
        {
            var directory = Path.Combine(Path.GetTempPath(), $"lifecycle-kpis-bench-{DateTime.UtcNow:yyyyMMddHHmmss}");
            Directory.CreateDirectory(directory);
            Console.WriteLine($"writing the history to SQLite in {directory}");
            var writing = Stopwatch.StartNew();
            stored = await StoredKpiHistory.WriteAsync(history, directory);
            Console.WriteLine($"written in {writing.Elapsed.TotalSeconds:F1} s");
        }

        for (var run = 1; run <= 3; run++)
        {
            if (stored is not null)
            {
                var reading = Stopwatch.StartNew();
                history = await stored.ReadKpiHistoryAsync(StoredKpiHistory.Tenant, CancellationToken.None);
                Console.WriteLine($"run {run}: read back from SQLite in {reading.Elapsed.TotalSeconds:F2} s ({history.Orders.Count:N0} orders, {history.Transitions.Count:N0} transitions)");
            }

            var months = Stopwatch.StartNew();
            var figures = KpiCalculator.Compute(history, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), KpiInterval.Month, zone, rules);
            months.Stop();
            var cohorts = Stopwatch.StartNew();
            var triangle = CohortRetention.Compute(history.Orders, new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero), zone);
            cohorts.Stop();
            var last = figures[^1];
            Console.WriteLine(
                $"run {run}: 12 months {months.Elapsed.TotalSeconds:F2} s, cohorts ({triangle.Count} months) {cohorts.Elapsed.TotalSeconds:F2} s; "
                + $"Dec 2025: orders {last.Orders:N0}, buyers {last.Buyers:N0}, revenue {last.Revenue:N2}, retention {last.RetentionRate}, crr {last.Crr}, churn {last.ChurnRate}, nps {last.Nps}");
        }

        return 0;
    }

    /// <summary>Customers who join over 2024–2025, order every 20..120 days a few times, lapse after their last order.</summary>
    internal static KpiHistory SyntheticHistory(int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var customers = new Dictionary<string, DateTimeOffset>(count, StringComparer.Ordinal);
        var orders = new List<KpiOrder>(count * 3);
        var refunds = new List<KpiRefund>(count / 10);
        var transitions = new List<KpiTransition>(count * 3);
        var nps = new List<KpiNpsResponse>(count / 5);
        for (var c = 0; c < count; c++)
        {
            var id = $"c-{c}";
            var at = start.AddMinutes(random.Next(0, 730 * 24 * 60));
            customers[id] = at;
            var sequence = 0L;
            var stage = "prospect";
            var placed = random.Next(1, 6);
            for (var n = 0; n < placed; n++)
            {
                var orderId = $"o-{n}";
                orders.Add(new KpiOrder(id, orderId, at, 20m + random.Next(0, 20_000) / 100m));
                if (random.Next(10) == 0)
                {
                    refunds.Add(new KpiRefund(id, orderId, at.AddDays(random.Next(1, 40)), 10m));
                }

                var next = n == 0 ? "one_time" : "repeat";
                if (next != stage)
                {
                    transitions.Add(new KpiTransition(id, "stage", stage, next, at, ++sequence));
                    stage = next;
                }

                at = at.AddDays(random.Next(20, 120));
            }

            transitions.Add(new KpiTransition(id, "stage", stage, "lapsed", at.AddDays(90), ++sequence));
            if (random.Next(20) == 0)
            {
                transitions.Add(new KpiTransition(id, "vip", "false", "true", at.AddDays(-10), ++sequence));
            }

            if (random.Next(5) == 0)
            {
                nps.Add(new KpiNpsResponse(id, at.AddDays(-5), random.Next(0, 11)));
            }
        }

        return new KpiHistory(customers, orders, refunds, transitions, nps);
    }
}
