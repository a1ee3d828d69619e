using System.Globalization;
using LifecycleActors.Cli.Import;

namespace LifecycleActors.Cli.Output;

/// <summary>The human summary of an import on stdout.</summary>
internal static class ImportSummaryTable
{
    public static void Write(TextWriter output, ImportReport report)
    {
        var o = report.Options;
        var table = new AlignedTable()
            .Row("source", o.Format == ImportFormat.Ndjson ? "ndjson" : "online-retail", o.Path == ImportOptions.Stdin ? "stdin" : o.Path)
            .Row($"{report.RecordUnit} read", N(report.RecordsRead))
            .Row("events read", N(report.EventsRead))
            .Row("sent", N(report.Sent), Invariant($"events in {report.Requests:N0} requests (batch {o.Batch}, concurrency {o.Concurrency})"))
            .Row("accepted", N(report.Accepted))
            .Row("duplicates", N(report.Duplicates))
            .Row("rejected", N(report.Rejected), Rejected(report));

        foreach (var skip in report.Skipped)
        {
            table.Row($"skipped: {skip.Reason}", N(skip.Count), skip.Unit);
        }

        table.Row("retries", N(report.Retries))
            .Row("elapsed", Seconds(report.Elapsed), "s")
            .Row("throughput", N(report.EventsPerSecond), "events/s sent");

        if (report.Apply is { } apply)
        {
            table.Row(
                "applied",
                report.AppliedOfRun is { } n ? N(n) : "unknown",
                Invariant($"of {report.TargetApplied - report.BaselineApplied:N0} accepted events, ")
                    + (apply.Applied
                        ? $"{Seconds(apply.Elapsed)} s after the last answer"
                        : $"NOT ALL APPLIED within {Seconds(apply.Elapsed)} s" + (apply.LastError is { } error ? $" (last stats error: {error})" : "")));
            foreach (var (stage, count) in report.Stages ?? [])
            {
                table.Row($"stage {stage}", N(count), "customers");
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
        if (report.Rejected == 0)
        {
            return "";
        }

        var parts = Invariant($"{report.RejectedEvents:N0} one by one, {report.RefusedEvents:N0} in {report.RefusedBatches:N0} refused batches");
        return report.FirstRejections.Count > 0 ? $"{parts}; first: {report.FirstRejections[0]}" : parts;
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
