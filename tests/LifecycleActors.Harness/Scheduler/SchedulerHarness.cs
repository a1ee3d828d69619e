using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Harness.Hosting;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Harness.Scheduler;

/// <summary>
/// The scheduler at scale: N customers each waiting for a time-driven change (at-risk) spread over a window of
/// wall-clock time. Measures the silo's memory empty and with all of them waiting (after a restart, so nothing is
/// active), the peak while they come due, and the lag between each due instant and its transition.
/// </summary>
internal static class SchedulerHarness
{
    public const string Name = "scheduler";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = HarnessOptions.Parse(args);
        Directory.CreateDirectory(options.DataDirectory);
        Console.WriteLine($"scheduler benchmark: {options.Customers:N0} customers due over {options.Window}, customers {(options.CustomerGrains ? "as grains" : "in their partition")}, data in {options.DataDirectory}");
        string[] extra =
        [
            "--Lifecycle:Scheduler:ScanInterval", options.ScanInterval.ToString("c", CultureInfo.InvariantCulture),
            "--Lifecycle:Grains:CollectionAge", "00:02:00",

            // Seeded customers write their snapshot soon, so the restart finds them stored rather than replays them.
            "--Lifecycle:Snapshots:Interval", "00:00:20",
            "--Lifecycle:Residency:InPartition", options.CustomerGrains ? "false" : "true",
        ];

        var silo = await BenchSilo.StartAsync(options.SiloDll, options.DataDirectory, extra);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var emptyRss = silo.ResidentBytes();
        Console.WriteLine($"silo started, empty: RSS {Mb(emptyRss)}");

        var firstDue = DateTimeOffset.UtcNow + options.Lead;
        var seeding = Stopwatch.StartNew();
        await DueSeeder.SeedAsync(silo.BaseAddress, options.Customers, firstDue, options.Window, batch: 1000, concurrency: 8);
        seeding.Stop();
        Console.WriteLine($"seeded {options.Customers:N0} customers in {seeding.Elapsed.TotalSeconds:F0} s ({options.Customers / seeding.Elapsed.TotalSeconds:F0} events/s); RSS {Mb(silo.ResidentBytes())}");

        var readModel = Path.Combine(options.DataDirectory, "lifecycle-read.db");
        var snapshotting = Stopwatch.StartNew();
        long unsaved;
        while ((unsaved = await CountAsync(readModel, "SELECT COUNT(*) FROM customers WHERE tenant = 'bench' AND snapshot_position = 0")) > 0
            && snapshotting.Elapsed < TimeSpan.FromMinutes(5))
        {
            Console.WriteLine($"  waiting for snapshots: {unsaved:N0} customers not stored yet");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        Console.WriteLine($"snapshots stored after {snapshotting.Elapsed.TotalSeconds:F0} s ({unsaved:N0} left to the restart's recovery pass)");
        var stopping = Stopwatch.StartNew();
        await silo.StopAsync();
        await silo.DisposeAsync();
        Console.WriteLine($"silo stopped gracefully in {stopping.Elapsed.TotalSeconds:F0} s");

        silo = await BenchSilo.StartAsync(options.SiloDll, options.DataDirectory, extra);
        await using var running = silo;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var waitingRss = silo.ResidentBytes();
        var pending = await CountAsync(readModel, "SELECT COUNT(*) FROM customers WHERE tenant = 'bench' AND next_change_at IS NOT NULL");
        Console.WriteLine($"silo restarted with {pending:N0} customers waiting: RSS {Mb(waitingRss)}; first due in {(firstDue - DateTimeOffset.UtcNow).TotalSeconds:F0} s");

        var peakRss = waitingRss;
        var deadline = firstDue + options.Window + TimeSpan.FromMinutes(15);
        long fired = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            peakRss = Math.Max(peakRss, silo.ResidentBytes());
            fired = await CountAsync(readModel, "SELECT COUNT(*) FROM transitions WHERE tenant = 'bench' AND to_value = 'at_risk'");
            Console.WriteLine($"  {DateTimeOffset.UtcNow:HH:mm:ss} at_risk fired: {fired:N0} / {options.Customers:N0}; RSS {Mb(silo.ResidentBytes())}");
            if (fired >= options.Customers)
            {
                break;
            }
        }

        var lags = await LagsAsync(readModel);
        Array.Sort(lags);
        Console.WriteLine();
        Console.WriteLine($"| measurement | value |");
        Console.WriteLine($"|---|---|");
        Console.WriteLine($"| customers waiting | {pending:N0} |");
        Console.WriteLine($"| silo RSS, empty | {Mb(emptyRss)} |");
        Console.WriteLine($"| silo RSS, all waiting (after restart) | {Mb(waitingRss)} |");
        Console.WriteLine($"| silo RSS, peak while they came due | {Mb(peakRss)} |");
        Console.WriteLine($"| silo RSS, after all fired | {Mb(silo.ResidentBytes())} |");
        Console.WriteLine($"| transitions fired | {lags.Length:N0} of {options.Customers:N0} |");
        Console.WriteLine($"| wake rate needed | {options.Customers / options.Window.TotalSeconds:F0} customers/s |");
        if (lags.Length > 0)
        {
            Console.WriteLine($"| lag due → detected p50 / p90 / p99 / max | {Pct(lags, 0.50)} / {Pct(lags, 0.90)} / {Pct(lags, 0.99)} / {Seconds(lags[^1])} |");
        }

        return lags.Length == options.Customers ? 0 : 1;
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<long[]> LagsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT detected_at - at FROM transitions WHERE tenant = 'bench' AND to_value = 'at_risk'";
        var lags = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lags.Add(reader.GetInt64(0));
        }

        return [.. lags];
    }

    private static string Pct(long[] sorted, double q) => Seconds(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)]);

    private static string Seconds(long ticks) => $"{TimeSpan.FromTicks(ticks).TotalSeconds:F2} s";

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):F0} MB";
}
