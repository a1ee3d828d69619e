using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Harness.Live;

/// <summary>What the service itself counted: events applied (<c>GET /api/v1/stats</c>) and transitions recorded (its read model).</summary>
internal sealed class ServiceCounts(HttpClient api, string readModelFile, string tenant)
{
    /// <summary>Waits until the service has applied <paramref name="events"/> events; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitAppliedAsync(long events, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await EventsAppliedAsync(cancellationToken) < events)
        {
            if (waiting.Elapsed > timeout)
            {
                return false;
            }

            await poll.WaitForNextTickAsync(cancellationToken);
        }

        return true;
    }

    public async Task<long> EventsAppliedAsync(CancellationToken cancellationToken) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/stats", cancellationToken)).GetProperty("eventsApplied").GetInt64();

    /// <summary>
    /// Transitions in the read model: all of them, and those detected from <paramref name="measureFrom"/> on. The API
    /// lists transitions per customer only, so the harness reads the silo's own database file.
    /// </summary>
    public async Task<(long All, long Measured)> TransitionsAsync(DateTimeOffset measureFrom, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={readModelFile};Mode=ReadOnly");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(detected_at >= @from), 0) FROM transitions WHERE tenant = @tenant";
        command.Parameters.AddWithValue("@from", measureFrom.UtcTicks);
        command.Parameters.AddWithValue("@tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>Recorded transitions by kind and change, most frequent first: "stage prospect → one_time 6 955, …".</summary>
    public async Task<string> ChangesAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={readModelFile};Mode=ReadOnly");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT kind, from_value, to_value, COUNT(*) FROM transitions WHERE tenant = @tenant
            GROUP BY kind, from_value, to_value ORDER BY COUNT(*) DESC
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        var changes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(LiveLatencyResult.Format($"{reader.GetString(0)} {reader.GetString(1)} → {reader.GetString(2)} {reader.GetInt64(3):N0}"));
        }

        return string.Join(", ", changes);
    }
}
