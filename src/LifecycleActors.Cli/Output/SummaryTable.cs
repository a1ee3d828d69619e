using System.Globalization;
using LifecycleActors.Cli.Load;

namespace LifecycleActors.Cli.Output;

/// <summary>The human summary of a load run on stdout.</summary>
internal static class SummaryTable
{
    public static void Write(TextWriter output, LoadReport report)
    {
        var o = report.Options;
        var table = new AlignedTable()
            .Row("run", report.RunId)
            .Row("events", N(o.Events), Invariant($"in {report.Requests:N0} requests (batch {o.Batch}, concurrency {o.Concurrency}{(o.Rate > 0 ? Invariant($", rate {o.Rate:N0}/s") : "")})"))
            .Row("accepted", N(report.Accepted))
            .Row("duplicates", N(report.Duplicates))
            .Row("rejected", N(report.Rejected), report.FirstRejection is { } first ? $"first: {first}" : "")
            .Row("retries", N(report.Retries))
            .Row("posting time", Seconds(report.PostingTime), "s")
            .Row("throughput", N(report.EventsPerSecond), "events/s accepted")
            .Row("ack p50", Millis(report.Latency.P50), "ms")
            .Row("ack p90", Millis(report.Latency.P90), "ms")
            .Row("ack p99", Millis(report.Latency.P99), "ms")
            .Row("ack max", Millis(report.Latency.Max), "ms");

        if (report.Apply.Applied)
        {
            table.Row("time until applied", Seconds(report.Apply.Elapsed), "s after the last ack")
                .Row("applied throughput", N(report.AppliedEventsPerSecond ?? 0), Invariant($"events/s, first send to all applied ({Seconds(report.TotalTime ?? TimeSpan.Zero)} s)"));
        }
        else
        {
            var applied = report.AppliedOfRun is { } n ? N(n) : "unknown";
            table.Row("applied", applied, Invariant($"of {report.TargetApplied - report.BaselineApplied:N0} after {Seconds(report.Apply.Elapsed)} s: NOT ALL APPLIED")
                + (report.Apply.LastError is { } error ? $" (last stats error: {error})" : ""));
        }

        table.WriteTo(output);
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Millis(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
