using System.Globalization;
using System.Text.RegularExpressions;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Overload;

/// <summary>
/// What queues inside the silo, sampled once a second while a load runs: its resident memory, the read model's
/// write-behind depth and the apply lag (from its own <c>/metrics</c>, which loopback callers may read), the thread
/// pool's queue, and the requests the load has in flight. Keeps the highest of each per window.
/// </summary>
internal sealed partial class SiloGauges(BenchSilo silo, HttpClient http, Func<long> inFlight, Func<TimeSpan> elapsed)
{
    private readonly Dictionary<int, Sample> _highest = [];
    private readonly Lock _lock = new();

    /// <summary>The highest values seen in window <paramref name="number"/> (all zero if none was sampled).</summary>
    public Sample Highest(int number)
    {
        lock (_lock)
        {
            return _highest.GetValueOrDefault(number) ?? new Sample(0, 0, 0, 0, 0);
        }
    }

    /// <summary>Samples every second until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                var sample = await SampleAsync();
                var window = (int)(elapsed() / OpenLoopLoad.Window);
                lock (_lock)
                {
                    _highest[window] = _highest.GetValueOrDefault(window) is { } known ? known.Max(sample) : sample;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<Sample> SampleAsync()
    {
        string metrics;
        try
        {
            metrics = await http.GetStringAsync(new Uri(silo.BaseAddress, "/metrics"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            metrics = "";
        }

        return new Sample(
            silo.ResidentBytes(),
            Gauge(ReadModelDepth(), metrics),
            Gauge(ApplyLag(), metrics),
            Gauge(ThreadPoolQueue(), metrics),
            inFlight());
    }

    private static long Gauge(Regex pattern, string metrics) =>
        pattern.Match(metrics) is { Success: true } m ? (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^lifecycle_read_model_queue_depth(\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex ReadModelDepth();

    [GeneratedRegex(@"^lifecycle_apply_lag(\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex ApplyLag();

    [GeneratedRegex(@"^dotnet_thread_pool_queue_length\w*(\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex ThreadPoolQueue();

    /// <param name="ResidentBytes">The silo's resident set size.</param>
    /// <param name="ReadModelDepth">Rows and transitions waiting to be written behind.</param>
    /// <param name="ApplyLag">The log's head minus the applied watermark, in events.</param>
    /// <param name="ThreadPoolQueue">Work items queued in the silo's thread pool.</param>
    /// <param name="InFlight">Requests sent by the load and not answered yet.</param>
    internal sealed record Sample(long ResidentBytes, long ReadModelDepth, long ApplyLag, long ThreadPoolQueue, long InFlight)
    {
        public Sample Max(Sample other) => new(
            Math.Max(ResidentBytes, other.ResidentBytes),
            Math.Max(ReadModelDepth, other.ReadModelDepth),
            Math.Max(ApplyLag, other.ApplyLag),
            Math.Max(ThreadPoolQueue, other.ThreadPoolQueue),
            Math.Max(InFlight, other.InFlight));
    }
}
