using System.Diagnostics;
using System.Text.RegularExpressions;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// The PostgreSQL server the limits are measured on: the one given, or a throwaway durable cluster (fsync on) started
/// with <c>.ci/postgres.sh</c> and removed afterwards. Null server when neither is possible, with the reason.
/// </summary>
internal sealed partial class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string? _directory;

    private ThrowawayPostgres(string? server, string? directory, string description)
    {
        Server = server;
        _directory = directory;
        Description = description;
    }

    /// <summary>An Npgsql connection string to the server's maintenance database, or null.</summary>
    public string? Server { get; }

    public string Description { get; }

    public static async Task<ThrowawayPostgres> StartAsync(string? given)
    {
        if (given is not null)
        {
            return new ThrowawayPostgres(given, null, "the server given with --postgres");
        }

        var script = Path.Combine(HarnessArguments.RepositoryRoot(), ".ci", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LIFECYCLE_POSTGRES_FSYNC"] = "on";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var exports = await output;
        var server = Export().Match(exports) is { Success: true } s ? s.Groups["value"].Value : null;
        var directory = DirectoryExport().Match(exports) is { Success: true } d ? d.Groups["value"].Value : null;
        return process.ExitCode == 0 && server is not null
            ? new ThrowawayPostgres(server, directory, "a throwaway PostgreSQL cluster, fsync on (.ci/postgres.sh)")
            : new ThrowawayPostgres(null, null, $"no PostgreSQL: .ci/postgres.sh could not start one ({(await errors).Trim().Split('\n')[^1]})");
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        using var stop = Process.Start(new ProcessStartInfo("bash", [Path.Combine(HarnessArguments.RepositoryRoot(), ".ci", "postgres.sh"), "stop", _directory])
        {
            RedirectStandardError = true,
        })!;
        await stop.WaitForExitAsync();
    }

    [GeneratedRegex("LIFECYCLE_TEST_POSTGRES='(?<value>[^']+)'")]
    private static partial Regex Export();

    [GeneratedRegex("LIFECYCLE_TEST_POSTGRES_DIR='(?<value>[^']+)'")]
    private static partial Regex DirectoryExport();
}
