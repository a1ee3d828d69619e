using System.Globalization;

namespace LifecycleActors.Harness.Hosting;

/// <summary>Counters read from a silo's Prometheus endpoint (<c>GET /metrics</c>, open to loopback callers).</summary>
internal static class SiloMetrics
{
    private const string Activations = "lifecycle_customer_activations";

    /// <summary>Customer grains activated on the silo so far (summed over the counter's series).</summary>
    public static async Task<long> ActivationsAsync(HttpClient http, Uri silo)
    {
        var text = await http.GetStringAsync(new Uri(silo, "/metrics"));
        var total = 0.0;
        var found = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(Activations, StringComparison.Ordinal))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                found = true;
            }
        }

        // Before the first activation the counter has no series yet.
        return found || text.Contains("# TYPE", StringComparison.Ordinal)
            ? (long)total
            : throw new InvalidOperationException($"{silo}metrics did not answer in the Prometheus text format");
    }
}
