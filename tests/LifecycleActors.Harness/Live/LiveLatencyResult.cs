using System.Globalization;

namespace LifecycleActors.Harness.Live;

/// <summary>The figures of one live-latency run, printed as the table in docs/benchmarks.md.</summary>
internal sealed record LiveLatencyResult(
    LiveLatencyOptions Options,
    long Returning,
    long Sent,
    long Accepted,
    long Failed,
    TimeSpan SendTime,
    bool Applied,
    (long All, long Measured) Recorded,
    string Changes,
    TransitionLatencies Latencies)
{
    public const double TargetP99Milliseconds = 250;

    // Thousands apart with a space, as in docs/benchmarks.md.
    private static readonly NumberFormatInfo Numbers = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "." };

    public void Print(TextWriter output)
    {
        var measured = Latencies.PushFrom(0);
        var endToEnd = Latencies.EndToEndFrom(0);
        var p99 = TransitionLatencies.Percentile(measured, 0.99);
        output.WriteLine();
        output.WriteLine("| measurement | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(Format($"| returning customers (one order {LiveTraffic.EarlierOrderAgo.TotalDays:F0} days back, sent before) | {Returning:N0} of {Options.Customers:N0} |"));
        output.WriteLine(Format($"| events sent / accepted | {Sent:N0} / {Accepted:N0} ({Failed:N0} in refused or failed requests) |"));
        output.WriteLine(Format($"| achieved rate | {Sent / SendTime.TotalSeconds:N0} events/s over {SendTime.TotalSeconds:F1} s (asked {Options.Rate:N0}) |"));
        output.WriteLine($"| all accepted events applied | {(Applied ? "yes" : "no, not within the timeout")} |");
        output.WriteLine(Format($"| transitions recorded by the service / received by the agent | {Recorded.All:N0} / {Latencies.Received:N0} |"));
        output.WriteLine(Format($"| of which detected after the {Options.WarmUp.TotalSeconds:F0} s warm-up (measured): recorded / received | {Recorded.Measured:N0} / {measured.Length:N0} |"));
        output.WriteLine($"| transitions recorded, by change | {Changes} |");
        output.WriteLine(Format($"| measured transitions per second | {measured.Length / (Options.Duration - Options.WarmUp).TotalSeconds:N0} |"));
        output.WriteLine($"| **latency detectedAt → received**, p50 / p90 / p99 / max | {Quantiles(measured)} |");
        output.WriteLine($"| event sent (its occurredAt) → received, p50 / p90 / p99 / max | {Quantiles(endToEnd)} |");
        output.WriteLine($"| target p99 ≤ {TargetP99Milliseconds:F0} ms | {(p99 <= TargetP99Milliseconds ? "met" : "not met")} |");
    }

    /// <summary>Formats with thousands apart by a space.</summary>
    public static string Format(FormattableString text) => text.ToString(Numbers);

    /// <summary>p50 / p90 / p99 / max of sorted milliseconds.</summary>
    public static string Quantiles(double[] sorted)
    {
        string Ms(double quantile) => Format($"{TransitionLatencies.Percentile(sorted, quantile):N0}");
        return $"{Ms(0.50)} / {Ms(0.90)} / {Ms(0.99)} / {Ms(1.0)} ms";
    }
}
