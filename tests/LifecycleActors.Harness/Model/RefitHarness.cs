using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Grains.Population;
using LifecycleActors.Rules;
using LifecycleActors.Storage;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifecycleActors.Harness.Model;

/// <summary>
/// A tenant refit at scale: N customers drawn from the BG/NBD process with CDNOW's published parameters are
/// written to a real read-model database; the harness times reading them back and fitting the facts and model.
/// </summary>
internal static class RefitHarness
{
    public const string Name = "refit";

    public static async Task<int> RunAsync(string[] args)
    {
        var i = Array.IndexOf(args, "--customers");
        var customers = i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 1_000_000;
        var directory = Path.Combine(Path.GetTempPath(), $"lifecycle-refit-bench-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(directory);
        var files = SqliteFiles.From($"Data Source={Path.Combine(directory, "lifecycle.db")}");
        await SqliteDatabase.MigrateAsync(files);

        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Console.WriteLine($"refit benchmark: {customers:N0} customers, database in {directory}");
        var writing = Stopwatch.StartNew();
        await using (var writer = new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance))
        {
            foreach (var row in SyntheticPopulation.Rows(customers, now, seed: 11))
            {
                writer.Enqueue(row);
            }

            await writer.FlushAsync();
        }

        Console.WriteLine($"written in {writing.Elapsed.TotalSeconds:F1} s");
        var readModel = new SqliteReadModel(files.ReadModel, files.Log);
        var options = new RuleOptions();
        for (var run = 1; run <= 3; run++)
        {
            var read = Stopwatch.StartNew();
            var population = await readModel.ReadPopulationAsync("bench", CancellationToken.None);
            read.Stop();
            var fit = Stopwatch.StartNew();
            var model = TenantModelFitter.Fit(population, options, 200, now);
            fit.Stop();
            var b = model.Bgnbd!;
            var g = model.GammaGamma!;
            Console.WriteLine(
                $"run {run}: read {population.Count:N0} customers {read.Elapsed.TotalSeconds:F2} s, fit {fit.Elapsed.TotalSeconds:F2} s, total {(read.Elapsed + fit.Elapsed).TotalSeconds:F2} s; "
                + $"r {b.R:F3} α {b.Alpha:F2} a {b.A:F3} b {b.B:F3}; p {g.P:F2} q {g.Q:F2} γ {g.Gamma:F2}; T {model.VipThreshold:F2}, gap {model.PopulationGapDays:F1} d");
        }

        // Where the time goes: the two fits alone.
        var inputs = await readModel.ReadPopulationAsync("bench", CancellationToken.None);
        var summaries = inputs.Select(c => TenantModelFitter.SummaryOf(c, now)).ToList();
        var bgnbd = Stopwatch.StartNew();
        LifecycleActors.Rules.Prediction.BgNbd.Fit(summaries);
        Console.WriteLine($"BG/NBD fit alone: {bgnbd.Elapsed.TotalSeconds:F2} s over {summaries.Distinct().Count():N0} distinct (x, t_x, T)");
        var repeat = inputs.Where(c => c.PurchaseDays > 1).Select(c => (c.PurchaseDays - 1, c.RepeatMeanValue!.Value)).ToList();
        var gammaGamma = Stopwatch.StartNew();
        LifecycleActors.Rules.Prediction.GammaGamma.Fit(repeat);
        Console.WriteLine($"Gamma-Gamma fit alone: {gammaGamma.Elapsed.TotalSeconds:F2} s over {repeat.Count:N0} repeat buyers");
        return 0;
    }
}
