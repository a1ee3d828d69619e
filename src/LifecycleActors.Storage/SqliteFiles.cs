using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage;

/// <summary>
/// The three SQLite databases of a node: the event log, the read model and the grain snapshots. SQLite has one
/// writer per file; apart, the event log's durable commits never wait behind read-model or snapshot writes.
/// Their names derive from the configured file: <c>lifecycle.db</c>, <c>lifecycle-read.db</c>, <c>lifecycle-grains.db</c>.
/// </summary>
public sealed record SqliteFiles(string Log, string ReadModel, string Grains)
{
    public static SqliteFiles From(string logConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(logConnectionString);
        var path = builder.DataSource;
        string Beside(string suffix)
        {
            var sibling = new SqliteConnectionStringBuilder(logConnectionString)
            {
                DataSource = Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}-{suffix}{Path.GetExtension(path)}"),
            };
            return sibling.ConnectionString;
        }

        return new SqliteFiles(logConnectionString, Beside("read"), Beside("grains"));
    }

    /// <summary>The file behind a connection string, for <c>ATTACH</c>.</summary>
    public static string PathOf(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    /// <summary>The full path of the file behind a connection string; null for an in-memory database or a <c>file:</c> URI.</summary>
    public static string? FileOf(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(source);
    }
}
