using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Limits;
using LifecycleActors.Silo.Api.Segments;
using LifecycleActors.Storage;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LifecycleActors.Harness.Segments;

/// <summary>
/// The segment export at scale: N customers written to a real read model (SQLite, and PostgreSQL when given a
/// server), then streamed as CSV by the export's own code path, everyone and one filtered segment, into a counting
/// sink; it prints rows/s, bytes, and the peak managed heap and process RSS sampled while the export runs.
/// </summary>
internal static class ExportHarness
{
    public const string Name = "segment-export";

    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            arguments[args[i]] = args[i + 1];
        }

        var customers = arguments.TryGetValue("--customers", out var n) ? int.Parse(n, CultureInfo.InvariantCulture) : 1_000_000;

        // A directory of an earlier run is streamed again without refilling it, so this process's memory is the export's alone.
        var reuse = arguments.TryGetValue("--data", out var data) && File.Exists(Path.Combine(data, "lifecycle.db"));
        var directory = data ?? Path.Combine(Path.GetTempPath(), $"lifecycle-export-bench-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(directory);
        var files = SqliteFiles.From($"Data Source={Path.Combine(directory, "lifecycle.db")}");
        await SqliteDatabase.MigrateAsync(files);
        Console.WriteLine($"segment export: {(reuse ? "the customers already" : $"{customers:N0} customers")} in SQLite in {directory}");
        if (!reuse)
        {
            await using var writer = new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance);
            await FillAsync(writer, customers, "sqlite");
        }

        await MeasureAsync("sqlite", new SqliteReadModel(files.ReadModel, files.Log));

        if (arguments.TryGetValue("--postgres", out var given))
        {
            await using var postgres = await ThrowawayPostgres.StartAsync(given == "throwaway" ? null : given);
            if (postgres.Server is null)
            {
                Console.WriteLine($"postgres: skipped, {postgres.Description}");
                return 0;
            }

            Console.WriteLine($"postgres: {postgres.Description}");
            var connectionString = await BenchDatabase.CreateAsync(postgres.Server, "lifecycle_export_bench");
            await PostgresDatabase.MigrateAsync(connectionString);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using (var writer = new PostgresReadModelWriter(dataSource, NullLogger<PostgresReadModelWriter>.Instance))
            {
                await FillAsync(writer, customers, "postgres");
            }

            await MeasureAsync("postgres", new PostgresReadModel(dataSource));
        }

        return 0;
    }

    private static async Task FillAsync(IReadModelWriter writer, int customers, string provider)
    {
        var writing = Stopwatch.StartNew();
        foreach (var row in Rows(customers))
        {
            writer.Enqueue(row);
        }

        await writer.FlushAsync();
        Console.WriteLine($"{provider}: written in {writing.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task MeasureAsync(string provider, IReadModel readModel)
    {
        // Gives back what filling the read model took (its batches, and the allocation budget they grew), so the
        // figures are the export's own even when this process has just written the rows.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var before = (Heap: GC.GetTotalMemory(forceFullCollection: true), Rss: Rss());
        Console.WriteLine($"{provider}: before the exports: managed heap {Mb(before.Heap)}, RSS {Mb(before.Rss)}");
        foreach (var (label, filter) in new[]
        {
            ("everyone", CustomerFilter.Everyone),
            ("lapsed VIPs", new CustomerFilter { Stages = ["lapsed"], Vip = true }),
            ("cold, pAlive < 0.3", new CustomerFilter { Temperature = "cold", PAliveBelow = 0.3 }),
        })
        {
            var sink = new CountingStream();
            long peakHeap = 0, peakRss = 0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                    peakRss = Math.Max(peakRss, Rss());
                    await Task.Delay(50, CancellationToken.None);
                }
            });
            var clock = Stopwatch.StartNew();
            var rows = await CustomerCsv.WriteAsync(sink, readModel, "bench", filter, null, CancellationToken.None);
            clock.Stop();
            await sampling.CancelAsync();
            await sampler;
            Console.WriteLine(
                $"{provider} {label}: {rows:N0} rows, {Mb(sink.Length)} of CSV in {clock.Elapsed.TotalSeconds:F1} s = {rows / clock.Elapsed.TotalSeconds:N0} rows/s; "
                + $"peak managed heap {Mb(peakHeap)}, peak RSS {Mb(peakRss)}");
        }
    }

    /// <summary>Customers with a spread of stages, flags, temperatures, spend and pAlive, each with its profile JSON.</summary>
    private static IEnumerable<CustomerRow> Rows(int customers)
    {
        var random = new Random(20);
        string[] stages = ["one_time", "repeat", "at_risk", "lapsed", "churned", "prospect"];
        string[] temperatures = ["hot", "warm", "cold"];
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        for (var c = 0; c < customers; c++)
        {
            var stage = stages[random.Next(stages.Length)];
            var hasOrder = stage != "prospect";
            var spend = hasOrder ? Math.Round((decimal)(random.NextDouble() * 2_000), 2) : 0m;
            var vip = spend > 1_800m;
            var lastOrder = hasOrder ? today.AddDays(-random.Next(1, 700)) : (DateOnly?)null;
            var profile = new CustomerProfile
            {
                CustomerId = $"c-{c:D7}",
                Stage = stage,
                Vip = vip,
                Advocate = random.Next(20) == 0,
                Orders = hasOrder ? random.Next(1, 30) : 0,
                NetSpend = spend,
                Spend365 = spend / 2,
                Aov = hasOrder ? Math.Round(spend / 3, 2) : null,
                LastOrderAt = lastOrder?.ToDateTime(new TimeOnly(9, 30), DateTimeKind.Utc),
                ExpectedGapDays = 30,
                EngagementScore = random.Next(100),
                Temperature = temperatures[random.Next(3)],
                PAlive = hasOrder ? Math.Round(random.NextDouble(), 4) : null,
                ExpectedOrders90d = hasOrder ? Math.Round(random.NextDouble() * 3, 4) : null,
                UpdatedAt = Now,
                EventsApplied = 5,
            };
            yield return new CustomerRow(
                "bench", profile.CustomerId, stage, vip, profile.Advocate, spend, profile.Spend365, 5, 0, 0, null, Now,
                JsonSerializer.Serialize(profile, WireJson.Options),
                PopulationInputs.None with { PurchaseDays = hasOrder ? 1 : 0, FirstPurchaseDay = lastOrder?.DayNumber, LastPurchaseDay = lastOrder?.DayNumber });
        }
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");

    /// <summary>A write-only stream that only counts what it is given (the client's side of the download).</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Position += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Position += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
