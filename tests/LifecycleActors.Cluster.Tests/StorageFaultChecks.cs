using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Cluster.Tests;

/// <summary>What the SQLite fault tests watch and check: readiness over time, the applied counts, the files' integrity and the log.</summary>
internal static partial class StorageFaultChecks
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Asks <c>/health/ready</c> every 100 ms until <paramref name="stop"/>, recording when and what it answered.</summary>
    public static async Task WatchReadinessAsync(Uri silo, Stopwatch clock, ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)> seen, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(5) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready", CancellationToken.None);
                seen.Enqueue((clock.Elapsed, response.StatusCode));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                seen.Enqueue((clock.Elapsed, HttpStatusCode.RequestTimeout));
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Stats and every customer's state and timeline count each acknowledged event once.</summary>
    public static async Task AssertAppliedOnceAsync(Uri silo, FailoverShop shop, RetryingStorefront load)
    {
        using var api = ClusterChecks.Api(silo);
        await Eventually.Get(
            async () => (await (await api.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
            applied => applied == load.Acknowledged,
            timeout: TimeSpan.FromSeconds(60),
            what: $"stats count the {load.Acknowledged} events acknowledged");
        await ClusterChecks.VerifyAsync([silo], shop, load.AcknowledgedOf);
    }

    /// <summary><c>PRAGMA integrity_check</c> of a database file: "ok" when undamaged.</summary>
    public static string IntegrityOf(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return string.Join("; ", ReadAll(command));
    }

    /// <summary>The log lines that match <paramref name="pattern"/>.</summary>
    public static int Count(string log, string pattern) => Regex.Matches(log, pattern).Count;

    /// <summary>The category and first frame of each stack trace logged by the service or ASP.NET Core (not by Orleans).</summary>
    public static string TracedLines(string log)
    {
        var traced = new List<string>();
        string? category = null;
        foreach (var line in log.Split('\n'))
        {
            if (ConsoleEntry().Match(line) is { Success: true } entry)
            {
                category = entry.Groups["category"].Value;
            }
            else if (StackFrame().IsMatch(line) && category is not null && !category.StartsWith("Orleans.", StringComparison.Ordinal))
            {
                traced.Add($"{category}: {line.Trim()}");
                category = null;
            }
        }

        return string.Join("\n", traced.Take(20));
    }

    public static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static IEnumerable<string> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>The first line of a console log entry ("warn: Category[42]").</summary>
    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): (?<category>[\w.`+]+)\[")]
    private static partial Regex ConsoleEntry();

    /// <summary>A .NET stack frame line ("   at Namespace.Type.Method(").</summary>
    [GeneratedRegex(@"^\s+at [\w.`<>\[\],]+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
