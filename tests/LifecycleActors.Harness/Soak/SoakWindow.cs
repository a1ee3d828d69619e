using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Soak;

/// <summary>One reported window of a soak: what was acknowledged in it and how fast, and the state at its end.</summary>
internal sealed record SoakWindow(
    TimeSpan Start, TimeSpan End, long Events, double P50, double P99, double Max, long Lag, IReadOnlyList<(double MiB, TimeSpan Age)> Memory, int Kills)
{
    public static async Task<SoakWindow> MeasureAsync(HttpClient http, SoakCluster cluster, ClusterLoad load, int batch, TimeSpan start, TimeSpan end, int kills)
    {
        var acks = load.AckLog.Where(a => a.At > start && a.At <= end).Select(a => a.Milliseconds).Order().ToArray();
        var acknowledged = load.Events;
        var applied = await AppliedAsync(http, cluster.Up()[0]);
        return new SoakWindow(
            start, end, acks.LongLength * batch, Percentile(acks, 0.5), Percentile(acks, 0.99), acks.LastOrDefault(),
            Math.Max(0, acknowledged - applied), cluster.Memory(), kills);
    }

    /// <summary>The cluster's count of applied events (the read model's).</summary>
    public static async Task<long> AppliedAsync(HttpClient http, Uri silo)
    {
        using var stats = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "/api/v1/stats"));
        stats.Headers.Add("X-Api-Key", BenchSilo.ApiKey);
        using var response = await http.SendAsync(stats);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventsApplied").GetInt64();
    }

    public string Row(NumberFormatInfo numbers) => string.Create(numbers,
        $"| {Start:mm\\:ss}–{End:mm\\:ss} | {Events:N0} | {Events / (End - Start).TotalSeconds:N0} | {P50:F0} / {P99:F0} / {Max:F0} ms | {Lag:N0} events | {string.Join(", ", Memory.Select(m => $"{m.MiB:F0} ({m.Age.TotalMinutes:F0} min)"))} | {Kills} |");

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
