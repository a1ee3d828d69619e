using System.Diagnostics;
using Npgsql;

namespace LifecycleActors.Tests.Shared;

/// <summary>
/// A PostgreSQL server for the tests of one test assembly (an assembly fixture). The connection string comes from
/// <c>LIFECYCLE_TEST_POSTGRES</c> (<c>.ci/run</c> starts one cluster with <c>.ci/postgres.sh</c> and sets it); without
/// it, the fixture starts a throwaway cluster itself through the same script when the PostgreSQL binaries are
/// installed and it can run them as the <c>postgres</c> user, and stops it at the end. Otherwise the tests that
/// need PostgreSQL skip, saying why. Each test class gets a database of its own.
/// </summary>
public sealed class TestPostgres : IAsyncLifetime
{
    public const string Variable = "LIFECYCLE_TEST_POSTGRES";
    private const string Binaries = "/usr/lib/postgresql/15/bin";

    private string? _server;
    private string? _startedDirectory;
    private string _unavailable = "not initialised";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            _server = configured;
            return;
        }

        if (!File.Exists(Path.Combine(Binaries, "initdb")))
        {
            _unavailable = $"{Variable} is not set and PostgreSQL is not installed ({Binaries}/initdb)";
            return;
        }

        if (Environment.UserName is not ("root" or "postgres"))
        {
            _unavailable = $"{Variable} is not set and this process ({Environment.UserName}) cannot run a cluster as the 'postgres' user";
            return;
        }

        var (exitCode, output) = await RunScriptAsync("start");
        if (exitCode != 0)
        {
            _unavailable = $"{Variable} is not set and .ci/postgres.sh could not start a cluster: {output}";
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Exported(line, Variable) is { } server)
            {
                _server = server;
            }
            else if (Exported(line, Variable + "_DIR") is { } directory)
            {
                _startedDirectory = directory;
            }
        }

        _unavailable = _server is null ? $".ci/postgres.sh printed no {Variable}: {output}" : "";
    }

    /// <summary>A new, empty database for one test class; skips the calling test when there is no server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        Assert.SkipWhen(_server is null, $"no PostgreSQL for this test: {_unavailable}");
        var name = $"lifecycle_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();

            // A database name cannot be a parameter; this one is made of a fixed prefix and hex digits.
            create.CommandText = $"CREATE DATABASE {name}";
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_server) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_startedDirectory is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await RunScriptAsync("stop", _startedDirectory);
        }
    }

    private static string? Exported(string line, string name)
    {
        var prefix = $"export {name}='";
        return line.StartsWith(prefix, StringComparison.Ordinal) && line.EndsWith('\'') ? line[prefix.Length..^1] : null;
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot(), ".ci", "postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, process.ExitCode == 0 ? await stdout : $"{await stdout}{await stderr}".Trim());
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
