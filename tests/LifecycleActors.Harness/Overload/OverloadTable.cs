using LifecycleActors.Harness.Limits;
using LifecycleActors.Harness.Live;

namespace LifecycleActors.Harness.Overload;

/// <summary>The overload run as a table: one row per 10-s window of sending, then the whole run.</summary>
internal static class OverloadTable
{
    public static void Print(TextWriter output, OpenLoopLoad load, SiloGauges gauges, TimeSpan duration)
    {
        var seconds = OpenLoopLoad.Window.TotalSeconds;
        output.WriteLine("| window | offered events/s | accepted events/s | answers (requests) | accepted p50 / p99 ms | in flight (max) | RSS MiB (max) | read-model queue (max) | apply lag (max) | thread-pool queue (max) |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var windows = load.Windows.Where(w => w.Number >= 0).ToList();
        foreach (var window in windows)
        {
            var latency = window.SortedAcceptedMilliseconds();
            var highest = gauges.Highest(window.Number);
            output.WriteLine(Figures.Format(
                $"| {window.Number * seconds:F0}–{(window.Number + 1) * seconds:F0} s | {window.OfferedEvents / seconds:N0} | {window.AcceptedEvents / seconds:N0} | {Answers(window.Answers)} | {Percentile(latency, 0.5)} / {Percentile(latency, 0.99)} | {highest.InFlight:N0} | {highest.ResidentBytes / 1048576.0:N0} | {highest.ReadModelDepth:N0} | {highest.ApplyLag:N0} | {highest.ThreadPoolQueue:N0} |"));
        }

        var all = windows.SelectMany(w => w.SortedAcceptedMilliseconds()).Order().ToArray();
        var answers = windows.SelectMany(w => w.Answers).GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
        var offered = windows.Sum(w => w.OfferedEvents);
        var accepted = windows.Sum(w => w.AcceptedEvents);
        var total = duration.TotalSeconds;
        output.WriteLine(Figures.Format(
            $"| whole run, {total:F0} s | {offered / total:N0} | {accepted / total:N0} | {Answers(answers)} | {Percentile(all, 0.5)} / {Percentile(all, 0.99)} | | | | | |"));
        output.WriteLine();
        var requests = answers.Values.Sum();
        output.WriteLine(Figures.Format($"offered {offered / total:N0} events/s ({requests:N0} requests), accepted {accepted / total:N0} events/s ({Share(answers, "202", requests)}), shed: {Shed(answers, requests, total)}"));
    }

    private static string Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? "–" : TransitionLatencies.Percentile(sorted, quantile).ToString("N0", Figures.Numbers);

    private static string Answers(IReadOnlyDictionary<string, int> answers) =>
        string.Join(", ", answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => Figures.Format($"{a.Key} ×{a.Value:N0}")));

    private static string Share(IReadOnlyDictionary<string, int> answers, string status, int requests) =>
        Figures.Format($"{answers.GetValueOrDefault(status):N0} requests, {(requests == 0 ? 0 : 100.0 * answers.GetValueOrDefault(status) / requests):F1} %");

    private static string Shed(IReadOnlyDictionary<string, int> answers, int requests, double seconds)
    {
        var shed = answers.Where(a => a.Key != "202").OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        return shed.Count == 0
            ? "none"
            : string.Join(", ", shed.Select(a => Figures.Format($"{a.Key} {a.Value / seconds:F1} requests/s ({Share(answers, a.Key, requests)})")));
    }
}
