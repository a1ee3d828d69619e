using LifecycleActors.Silo.Api;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// What a storage failure is called in the 503 body and the outage log line: SQLite's result codes for a full disk,
/// a locked database and a file that cannot be used, also when Orleans wrapped them; anything else by its type.
/// </summary>
public sealed class StorageFaultTests
{
    [Theory]
    [InlineData(13, StorageFaultKind.DiskFull, "disk full, SQLite error 13", "disk full: ")]
    [InlineData(5, StorageFaultKind.Locked, "database locked, SQLite error 5", "the database is locked by another writer")]
    [InlineData(6, StorageFaultKind.Locked, "database locked, SQLite error 6", "the database is locked by another writer")]
    [InlineData(14, StorageFaultKind.Unavailable, "cannot open the database file, SQLite error 14", "the database cannot be used (cannot open the database file")]
    [InlineData(8, StorageFaultKind.Unavailable, "database read-only, SQLite error 8", "the database cannot be used (database read-only")]
    [InlineData(26, StorageFaultKind.Unavailable, "database file damaged, SQLite error 26", "the database cannot be used (database file damaged")]
    public void A_sqlite_failure_is_named_by_its_result_code(int code, StorageFaultKind kind, string reason, string detail)
    {
        var wrapped = new Orleans.Runtime.OrleansException("Error from storage provider", new SqliteException("SQLite Error: a message text", code));
        foreach (var exception in new Exception[] { new SqliteException("SQLite Error: a message text", code), wrapped, new AggregateException(wrapped) })
        {
            var fault = StorageFault.Of(exception);
            Assert.Equal((kind, reason), (fault.Kind, fault.Reason));
            Assert.StartsWith(detail, fault.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("message text", fault.Detail + fault.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_io_error_keeps_its_extended_code()
    {
        var fault = StorageFault.Of(new SqliteException("disk I/O error", 10, 778));
        Assert.Equal((StorageFaultKind.Unavailable, "disk I/O error, SQLite error 10/778"), (fault.Kind, fault.Reason));
    }

    [Fact]
    public void Other_storage_failures_are_named_by_their_innermost_type()
    {
        var fault = StorageFault.Of(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)));
        Assert.Equal((StorageFaultKind.Unreachable, "SocketException"), (fault.Kind, fault.Reason));
        Assert.Equal("storage cannot be reached", fault.Detail);
        Assert.Equal("TimeoutException", StorageFault.Of(new AggregateException(new TimeoutException())).Reason);
    }
}
