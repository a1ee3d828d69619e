using System.Diagnostics;
using Npgsql;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// A PostgreSQL cluster of one test's own (started with <c>.ci/postgres.sh</c>, never the shared one), which the test
/// may stop (<c>pg_ctl stop -m fast</c>) and start again on the same port and data, restart, or cut connections of.
/// </summary>
internal sealed class OwnPostgres : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";

    private OwnPostgres(string connectionString, string directory)
    {
        ConnectionString = connectionString;
        Directory = directory;
    }

    public string ConnectionString { get; }

    public string Directory { get; }

    /// <summary>Starts a cluster; skips the calling test when this machine cannot run one.</summary>
    public static async Task<OwnPostgres> StartAsync()
    {
        Assert.SkipUnless(File.Exists(Path.Combine(Binaries, "pg_ctl")), $"PostgreSQL is not installed ({Binaries})");
        Assert.SkipUnless(Environment.UserName is "root" or "postgres", "this process cannot run PostgreSQL as the 'postgres' user");
        var (exitCode, output) = await RunAsync("bash", Path.Combine(RepositoryRoot(), ".ci", "postgres.sh"), "start");
        Assert.True(exitCode == 0, $".ci/postgres.sh start failed: {output}");
        string? server = null, directory = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            server ??= Exported(line, "LIFECYCLE_TEST_POSTGRES");
            directory ??= Exported(line, "LIFECYCLE_TEST_POSTGRES_DIR");
        }

        return new OwnPostgres(server ?? throw new InvalidOperationException(output), directory ?? throw new InvalidOperationException(output));
    }

    /// <summary><c>pg_ctl stop -m fast</c>: the server ends every connection and is gone until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        var (exitCode, output) = await PgCtlAsync("--mode=fast", "--wait", "stop");
        Assert.True(exitCode == 0, $"pg_ctl stop failed: {output}");
    }

    /// <summary>Starts the stopped server again on its port, as <c>.ci/postgres.sh</c> started it.</summary>
    public async Task StartAgainAsync()
    {
        var (exitCode, output) = await PgCtlAsync([$"--log={Directory}/server.log", "--wait", "--timeout=60", .. ServerOptions(), "start"]);
        Assert.True(exitCode == 0, $"pg_ctl start failed: {output}");
    }

    /// <summary><c>pg_ctl restart -m fast</c>: every connection ends and the server is back as soon as it can be.</summary>
    public async Task RestartFastAsync()
    {
        var (exitCode, output) = await PgCtlAsync([$"--log={Directory}/server.log", "--mode=fast", "--wait", "--timeout=60", .. ServerOptions(), "restart"]);
        Assert.True(exitCode == 0, $"pg_ctl restart failed: {output}");
    }

    /// <summary>Ends every other connection to the database from the server side (<c>pg_terminate_backend</c>),
    /// as an administrator or a failover proxy would; returns how many it ended.</summary>
    public async Task<int> TerminateConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("bash", Path.Combine(RepositoryRoot(), ".ci", "postgres.sh"), "stop", Directory);
    }

    private string[] ServerOptions() =>
    [
        "-o",
        $"-c listen_addresses=127.0.0.1 -c port={new NpgsqlConnectionStringBuilder(ConnectionString).Port} -c unix_socket_directories={Directory} -c fsync=off -c max_connections=300",
    ];

    private Task<(int ExitCode, string Output)> PgCtlAsync(params string[] arguments) =>
        RunAsync(Environment.UserName == "postgres" ? Path.Combine(Binaries, "pg_ctl") : "runuser",
            [.. Environment.UserName == "postgres" ? [] : new[] { "-u", "postgres", "--", Path.Combine(Binaries, "pg_ctl") }, $"--pgdata={Directory}/data", .. arguments]);

    private static string? Exported(string line, string name)
    {
        var prefix = $"export {name}='";
        return line.StartsWith(prefix, StringComparison.Ordinal) && line.EndsWith('\'') ? line[prefix.Length..^1] : null;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return (process.ExitCode, $"{await stdout}\n{await stderr}".Trim());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ".ci", "postgres.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds .ci/postgres.sh");
    }
}
