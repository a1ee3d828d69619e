using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using Npgsql;

namespace LifecycleActors.Storage.Tests;

/// <summary>
/// Two silos append to the same tenant and customer at once while a reader follows the log the way a customer
/// grain does: each read asks only for positions above the highest it has seen. A position that committed after
/// a higher one had been seen would be skipped for good; none may be.
/// </summary>
public sealed class PostgresConcurrentAppendTests(TestPostgres server)
{
    private const int AppendsPerSilo = 300;
    private const int RequestsInFlightPerSilo = 4;

    [Fact]
    public async Task Two_writers_appending_to_one_tenant_never_make_a_following_reader_skip_a_position()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PostgresDatabase.MigrateAsync(connectionString, TestContext.Current.CancellationToken);
        await using var silo1 = NpgsqlDataSource.Create(connectionString);
        await using var silo2 = NpgsqlDataSource.Create(connectionString);
        await using var readerSource = NpgsqlDataSource.Create(connectionString);
        await using var log1 = PostgresEngine.Log(silo1);
        await using var log2 = PostgresEngine.Log(silo2);
        await using var reader = PostgresEngine.Log(readerSource);

        var writing = Task.WhenAll(AppendAsync(log1, "silo1"), AppendAsync(log2, "silo2"));
        var seen = new HashSet<long>();
        var highest = 0L;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var done = writing.IsCompleted;
            foreach (var e in await reader.ReadCustomerAsync("shop", "c1", highest, TestContext.Current.CancellationToken))
            {
                seen.Add(e.Position);
                highest = Math.Max(highest, e.Position);
            }

            // One more read after the writers finished picks up their last commits.
            if (done)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the writers did not finish in two minutes");
        }

        await writing;
        var all = (await reader.ReadCustomerAsync("shop", "c1", 0, TestContext.Current.CancellationToken)).Select(e => e.Position).ToList();
        Assert.Equal(2 * AppendsPerSilo, all.Count);
        Assert.Empty(all.Except(seen));
    }

    private static async Task AppendAsync(IEventLog log, string silo)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, RequestsInFlightPerSilo).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < AppendsPerSilo)
            {
                var result = await log.AppendAsync("shop", [Events.Visit($"{silo}-{i}", "c1")], CancellationToken.None);
                Assert.Single(result.Accepted);
            }
        }));
    }
}
