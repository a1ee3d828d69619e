using LifecycleActors.Cli.Load;
using static LifecycleActors.Cli.Output.Format;

namespace LifecycleActors.Cli.Output;

/// <summary>The human summary of a load run on stdout.</summary>
internal static class LoadSummaryTable
{
    public static void Write(TextWriter output, LoadReport report)
    {
        var o = report.Options;
        var totals = report.Totals;
        var table = new AlignedTable()
            .Row("run", report.RunId)
            .Row("events", Count(o.Events), Invariant($"in {totals.Requests:N0} requests (batch {o.Batch}, concurrency {o.Concurrency}{(o.Rate > 0 ? Invariant($", rate {o.Rate:N0}/s") : "")})"))
            .Verdicts(totals, totals.FirstRejection is { } first ? $"first: {first}" : "")
            .Row("retries", Count(totals.Retries))
            .Row("posting time", Seconds(report.PostingTime), "s")
            .Row("throughput", Count(report.EventsPerSecond), "events/s accepted")
            .Row("ack p50", Millis(report.Latency.P50), "ms")
            .Row("ack p90", Millis(report.Latency.P90), "ms")
            .Row("ack p99", Millis(report.Latency.P99), "ms")
            .Row("ack max", Millis(report.Latency.Max), "ms");

        var apply = report.Apply;
        if (apply.Wait.Applied)
        {
            table.Row("time until applied", Seconds(apply.Wait.Elapsed), "s after the last ack")
                .Row("applied throughput", Count(report.AppliedEventsPerSecond ?? 0), Invariant($"events/s, first send to all applied ({Seconds(report.TotalTime ?? TimeSpan.Zero)} s)"));
        }
        else
        {
            var applied = apply.AppliedOfRun is { } n ? Count(n) : "unknown";
            table.Row("applied", applied, Invariant($"of {apply.OfRun:N0} after {Seconds(apply.Wait.Elapsed)} s: NOT ALL APPLIED")
                + (apply.Wait.LastError is { } error ? $" (last stats error: {error})" : ""));
        }

        table.WriteTo(output);
    }
}
