using Microsoft.Data.Sqlite;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// What kind of storage failure a request or a probe met, as the client and the operator are told it: a full disk
/// (SQLite's <c>SQLITE_FULL</c>), a database locked by another writer for longer than the busy timeout
/// (<c>SQLITE_BUSY</c>, <c>SQLITE_LOCKED</c>), a database file that cannot be opened or read (<c>SQLITE_CANTOPEN</c>,
/// <c>SQLITE_IOERR</c>, <c>SQLITE_READONLY</c>, <c>SQLITE_CORRUPT</c>, <c>SQLITE_NOTADB</c>), or storage that cannot be
/// reached at all (a database server gone, a time-out). The reason never carries a message text, only codes and types.
/// </summary>
public sealed record StorageFault(StorageFaultKind Kind, string Reason)
{
    // SQLite's primary result codes (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>What the client's problem body says after "storage": one short clause, no internals.</summary>
    public string Detail => Kind switch
    {
        StorageFaultKind.DiskFull => "disk full: the database cannot grow until space is freed",
        StorageFaultKind.Locked => "the database is locked by another writer",
        StorageFaultKind.Unavailable => $"the database cannot be used ({Reason})",
        _ => "storage cannot be reached",
    };

    public static StorageFault Of(Exception exception) => Find<SqliteException>(exception) is { } sqlite
        ? OfSqlite(sqlite)
        : new StorageFault(StorageFaultKind.Unreachable, TypeName(Innermost(exception)));

    private static StorageFault OfSqlite(SqliteException e)
    {
        var code = $"SQLite error {e.SqliteErrorCode}";
        return e.SqliteErrorCode switch
        {
            SqliteFull => new StorageFault(StorageFaultKind.DiskFull, $"disk full, {code}"),
            SqliteBusy or SqliteLocked => new StorageFault(StorageFaultKind.Locked, $"database locked, {code}"),
            SqliteCantOpen => new StorageFault(StorageFaultKind.Unavailable, $"cannot open the database file, {code}"),
            SqliteIoError => new StorageFault(StorageFaultKind.Unavailable, $"disk I/O error, {code}/{e.SqliteExtendedErrorCode}"),
            SqliteReadOnly => new StorageFault(StorageFaultKind.Unavailable, $"database read-only, {code}"),
            SqliteCorrupt or SqliteNotADatabase => new StorageFault(StorageFaultKind.Unavailable, $"database file damaged, {code}"),
            _ => new StorageFault(StorageFaultKind.Unavailable, code),
        };
    }

    private static T? Find<T>(Exception exception)
        where T : Exception => exception switch
        {
            T found => found,
            AggregateException aggregate => aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null),
            _ => exception.InnerException is { } inner ? Find<T>(inner) : null,
        };

    /// <summary>The exception's type, or the type Orleans could carry only by name.</summary>
    private static string TypeName(Exception exception) =>
        exception is Orleans.Serialization.UnavailableExceptionFallbackException { ExceptionType: { } type } ? type[(type.LastIndexOf('.') + 1)..] : exception.GetType().Name;

    private static Exception Innermost(Exception exception) => exception switch
    {
        Orleans.Serialization.UnavailableExceptionFallbackException => exception,
        AggregateException { InnerExceptions: [var only] } => Innermost(only),
        _ when exception.InnerException is { } inner && StorageFailures.IsStorageFailure(inner) => Innermost(inner),
        _ => exception,
    };
}

public enum StorageFaultKind
{
    /// <summary>Storage does not answer (a server gone, a refused socket, a time-out).</summary>
    Unreachable,

    /// <summary>The disk holding the database is full: reads work, writes are refused until space is freed.</summary>
    DiskFull,

    /// <summary>Another writer holds the database's write lock for longer than the busy timeout.</summary>
    Locked,

    /// <summary>The database file cannot be opened, read or written (moved, unreadable, damaged).</summary>
    Unavailable,
}
