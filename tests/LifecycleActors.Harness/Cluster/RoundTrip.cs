using System.Diagnostics;
using Npgsql;

namespace LifecycleActors.Harness.Cluster;

/// <summary>The round trip of a trivial query on one connection: what the network (or a proxy) adds to every statement.</summary>
internal static class RoundTrip
{
    private const int Warmup = 20;
    private const int Samples = 200;

    /// <summary>The median time of <c>SELECT 1</c>, in milliseconds.</summary>
    public static async Task<double> MedianAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        var times = new double[Samples];
        for (var i = -Warmup; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await command.ExecuteScalarAsync();
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        Array.Sort(times);
        return times[Samples / 2];
    }
}
