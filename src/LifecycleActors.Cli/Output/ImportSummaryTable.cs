using LifecycleActors.Cli.Import;
using static LifecycleActors.Cli.Output.Format;

namespace LifecycleActors.Cli.Output;

/// <summary>The human summary of an import on stdout.</summary>
internal static class ImportSummaryTable
{
    public static void Write(TextWriter output, ImportReport report)
    {
        var o = report.Options;
        var totals = report.Totals;
        var table = new AlignedTable()
            .Row("source", o.Format == ImportFormat.Ndjson ? "ndjson" : "online-retail", o.Path == ImportOptions.Stdin ? "stdin" : o.Path)
            .Row($"{report.RecordUnit} read", Count(report.RecordsRead))
            .Row("events read", Count(report.EventsRead))
            .Row("acknowledged", Count(totals.Acknowledged), Invariant($"events in {totals.Requests:N0} requests (batch {o.Batch}, concurrency {o.Concurrency})"))
            .Verdicts(totals, Rejected(report));

        foreach (var skip in report.Skipped)
        {
            table.Row($"skipped: {skip.Reason}", Count(skip.Count), skip.Unit);
        }

        table.Row("retries", Count(totals.Retries))
            .Row("elapsed", Seconds(totals.Elapsed), "s")
            .Row("throughput", Count(report.EventsPerSecond), "events/s acknowledged");

        if (report.Apply is { } apply)
        {
            table.Row(
                "applied",
                apply.AppliedOfRun is { } n ? Count(n) : "unknown",
                Invariant($"of {apply.OfRun:N0} accepted events, ")
                    + (apply.Wait.Applied
                        ? $"{Seconds(apply.Wait.Elapsed)} s after the last answer"
                        : $"NOT ALL APPLIED within {Seconds(apply.Wait.Elapsed)} s" + (apply.Wait.LastError is { } error ? $" (last stats error: {error})" : "")));
            foreach (var (stage, count) in report.Stages ?? [])
            {
                table.Row($"stage {stage}", Count(count), "customers");
            }
        }

        if (report.Aborted is { } reason)
        {
            table.Row("ABORTED", "", reason);
        }

        table.WriteTo(output);
    }

    private static string Rejected(ImportReport report)
    {
        var totals = report.Totals;
        if (totals.Rejected == 0)
        {
            return "";
        }

        var parts = Invariant($"{totals.RejectedEvents:N0} one by one, {totals.RefusedEvents:N0} in {totals.RefusedBatches:N0} refused batches");
        return report.FirstRejections.Count > 0 ? $"{parts}; first: {report.FirstRejections[0]}" : parts;
    }
}
