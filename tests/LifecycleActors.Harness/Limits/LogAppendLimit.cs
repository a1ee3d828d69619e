using System.Diagnostics;
using LifecycleActors.Rules.Events;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// (b) The durable-write limit: the event-log table of a fresh database filled by the service's own append path
/// (prepared multi-row inserts, group-committed by one writer), with requests of <see cref="Batch"/> events kept
/// <see cref="InFlight"/> deep, as fast as the database takes them. Nothing else runs.
/// </summary>
internal static class LogAppendLimit
{
    public const int Batch = 500;
    public const int InFlight = 8;

    public static async Task<double> MeasureAsync(StorageOptions storage, int customers, TimeSpan duration, int capacity)
    {
        var backend = StorageBackend.From(storage);
        await backend.MigrateAsync();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddSingleton(TimeProvider.System);
        backend.AddStorageServices(services, storage);
        await using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<IEventLog>();

        // Made before the clock starts, so that only the database's work is timed.
        var batches = Batches(customers, capacity);
        var next = -1;
        long appended = 0;
        var started = Stopwatch.GetTimestamp();
        var writers = Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
        {
            int mine;
            while (Stopwatch.GetElapsedTime(started) < duration && (mine = Interlocked.Increment(ref next)) < batches.Length)
            {
                var result = await log.AppendAsync("bench", batches[mine], CancellationToken.None);
                Interlocked.Add(ref appended, result.Accepted.Count);
            }
        }));
        await Task.WhenAll(writers);
        return appended / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static NewEvent[][] Batches(int customers, int capacity)
    {
        var shop = new FailoverShop("log", customers, DateTimeOffset.UtcNow);
        var batches = new NewEvent[capacity / Batch][];
        for (var b = 0; b < batches.Length; b++)
        {
            batches[b] = new NewEvent[Batch];
            for (var i = 0; i < Batch; i++)
            {
                var n = ((long)b * Batch) + i;
                var e = shop.Event((int)(n % customers), (int)(n / customers));
                var amount = e.Type == EventType.OrderPlaced ? e.Amount : (decimal?)null;
                batches[b][i] = new NewEvent(e.Id, e.CustomerId, e.Type.ToWireName(), e.OccurredAt, e.OrderId, amount, null, null, "{}");
            }
        }

        return batches;
    }
}
