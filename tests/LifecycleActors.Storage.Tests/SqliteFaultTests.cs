using LifecycleActors.Storage.EventLog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifecycleActors.Storage.Tests;

/// <summary>
/// SQLite faults the service must see although reads still work: the event log refuses to commit into a file moved
/// away while open, and the write probe tells a held write lock and a missing file apart from a writable database.
/// </summary>
public sealed class SqliteFaultTests : IAsyncLifetime
{
    private const int SqliteBusy = 5;
    private const int SqliteCantOpen = 14;

    private readonly string _directory = Directory.CreateTempSubdirectory("lifecycle-sqlite-faults-").FullName;
    private SqliteFiles _files = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Data => Path.Combine(_directory, "data");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Data);
        _files = SqliteFiles.From($"Data Source={Path.Combine(Data, "lifecycle.db")};Pooling=True;Default Timeout=1");
        await SqliteDatabase.MigrateAsync(_files, Ct);
    }

    [Fact]
    public async Task The_event_log_refuses_to_commit_while_its_file_is_moved_away_and_commits_once_it_is_back()
    {
        await using var log = new SqliteEventLog(_files.Log, 8000, TimeProvider.System, NullLogger<SqliteEventLog>.Instance);
        Assert.Single((await log.AppendAsync("shop", [Event("e1")], Ct)).Accepted);

        Directory.Move(Data, Data + "-moved");
        var refused = await Assert.ThrowsAsync<SqliteException>(() => log.AppendAsync("shop", [Event("e2")], Ct));
        Assert.Equal(SqliteCantOpen, refused.SqliteErrorCode);
        Directory.Move(Data + "-moved", Data);

        Assert.Single((await log.AppendAsync("shop", [Event("e2")], Ct)).Accepted);
        Assert.Equal(2, await log.HeadAsync(Ct));
    }

    [Fact]
    public async Task The_write_probe_finds_a_held_write_lock_only_when_asked_about_writing_now()
    {
        var probe = new SqliteWriteProbe(_files);
        await probe.ProbeAsync(writeNow: true, Ct);
        await using (var other = new SqliteConnection($"Data Source={SqliteFiles.PathOf(_files.ReadModel)};Pooling=False"))
        {
            other.Open();
            await using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();

            var busy = await Assert.ThrowsAsync<SqliteException>(() => probe.ProbeAsync(writeNow: true, Ct));
            Assert.Equal(SqliteBusy, busy.SqliteErrorCode);
            await probe.ProbeAsync(writeNow: false, Ct);
        }

        await probe.ProbeAsync(writeNow: true, Ct);
    }

    [Fact]
    public async Task The_write_probe_finds_a_database_file_that_is_gone_without_creating_it()
    {
        var probe = new SqliteWriteProbe(_files);
        Directory.Move(Data, Data + "-moved");
        Directory.CreateDirectory(Data);

        var gone = await Assert.ThrowsAsync<SqliteException>(() => probe.ProbeAsync(writeNow: false, Ct));
        Assert.Equal(SqliteCantOpen, gone.SqliteErrorCode);
        Assert.Empty(Directory.GetFiles(Data));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static NewEvent Event(string id) =>
        new(id, "c1", "visit", new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), null, null, null, null, "{}");
}
