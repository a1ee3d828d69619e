using LifecycleActors.Abstractions;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LifecycleActors.Harness.Kpis;

/// <summary>A synthetic KPI history written to a real store: its events to the log, its transitions to the read model.</summary>
internal static class StoredKpiHistory
{
    public const string Tenant = "bench";

    /// <summary>Writes <paramref name="history"/> into a new SQLite database under <paramref name="directory"/> and returns its KPI store.</summary>
    public static async Task<IKpiStore> WriteAsync(KpiHistory history, string directory)
    {
        var files = SqliteFiles.From($"Data Source={Path.Combine(directory, "lifecycle.db")}");
        await SqliteDatabase.MigrateAsync(files);
        await using (var log = new SqliteEventLog(files.Log, 1000, TimeProvider.System, NullLogger<SqliteEventLog>.Instance))
        await using (var writer = new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance))
        {
            await WriteAsync(history, log, writer);
        }

        return new SqliteReadModel(files.ReadModel, files.Log);
    }

    /// <summary>Writes <paramref name="history"/> into a new PostgreSQL database on <paramref name="dataSource"/>'s server (migrated by the caller).</summary>
    public static async Task<IKpiStore> WriteAsync(KpiHistory history, NpgsqlDataSource dataSource)
    {
        await using (var log = new PostgresEventLog(dataSource, dataSource, 1000, TimeProvider.System, NullLogger<PostgresEventLog>.Instance))
        await using (var writer = new PostgresReadModelWriter(dataSource, NullLogger<PostgresReadModelWriter>.Instance))
        {
            await WriteAsync(history, log, writer);
        }

        return new PostgresReadModel(dataSource);
    }

    /// <summary>Appends the history's events and enqueues its transitions; also used to add late changes to a stored history.</summary>
    public static async Task WriteAsync(KpiHistory history, IEventLog log, IReadModelWriter writer, string idPrefix = "")
    {
        var events = Events(history, idPrefix).ToList();
        var written = 0;
        foreach (var batch in events.Chunk(1000))
        {
            await log.AppendAsync(Tenant, batch, CancellationToken.None);
            written += batch.Length;
            if (written % 500_000 < 1000)
            {
                Console.WriteLine($"  {written:N0} of {events.Count:N0} events written");
            }
        }

        foreach (var batch in history.Transitions.Chunk(1000))
        {
            writer.Enqueue(batch.Select(t => new TransitionRecord(Tenant, t.CustomerId, t.Kind, t.From, t.To, t.At, t.At, t.Sequence, "")).ToList());
        }

        await writer.FlushAsync();
    }

    private static IEnumerable<NewEvent> Events(KpiHistory history, string idPrefix)
    {
        var n = 0;
        foreach (var (customer, at) in history.Customers)
        {
            yield return new NewEvent($"{idPrefix}v-{n++}", customer, "visit", at, null, null, null, null, "{}");
        }

        foreach (var o in history.Orders)
        {
            yield return new NewEvent($"{idPrefix}o-{n++}", o.CustomerId, "order_placed", o.PlacedAt, o.OrderId, o.Amount, null, null, "{}");
        }

        foreach (var r in history.Refunds)
        {
            yield return new NewEvent($"{idPrefix}r-{n++}", r.CustomerId, "order_refunded", r.At, r.OrderId, r.Amount, null, null, "{}");
        }

        foreach (var a in history.NpsResponses)
        {
            yield return new NewEvent($"{idPrefix}n-{n++}", a.CustomerId, "nps_response", a.At, null, null, a.Score, null, "{}");
        }
    }
}
