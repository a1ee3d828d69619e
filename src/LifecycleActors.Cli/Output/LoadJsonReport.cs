using System.Text.Json;
using LifecycleActors.Cli.Load;
using static LifecycleActors.Cli.Output.JsonText;

namespace LifecycleActors.Cli.Output;

/// <summary>
/// The machine summary of a load run (<c>--json</c>): one JSON object, for benchmark scripts. Times in seconds or
/// milliseconds as the name says; values that do not exist (time until applied after a timeout) are null.
/// </summary>
internal static class LoadJsonReport
{
    public static void Write(TextWriter output, LoadReport report) =>
        output.WriteLine(Object(new JsonWriterOptions { Indented = true }, json => Write(json, report)));

    private static void Write(Utf8JsonWriter json, LoadReport report)
    {
        var o = report.Options;
        json.WriteString("runId", report.RunId);
        json.WriteString("url", o.Url.AbsoluteUri);
        json.WriteNumber("events", o.Events);
        json.WriteNumber("customers", o.Customers);
        json.WriteNumber("batch", o.Batch);
        json.WriteNumber("concurrency", o.Concurrency);
        json.WriteNumber("rate", o.Rate);
        json.WriteNumber("seed", o.Seed);
        Totals(json, report.Totals);
        json.WriteString("firstRejection", report.Totals.FirstRejection);
        json.WriteNumber("postingSeconds", Round(report.PostingTime.TotalSeconds));
        json.WriteNumber("eventsPerSecond", Round(report.EventsPerSecond));
        json.WriteNumber("ackP50Ms", Round(report.Latency.P50));
        json.WriteNumber("ackP90Ms", Round(report.Latency.P90));
        json.WriteNumber("ackP99Ms", Round(report.Latency.P99));
        json.WriteNumber("ackMaxMs", Round(report.Latency.Max));
        var apply = report.Apply;
        json.WriteNumber("baselineEventsApplied", apply.Baseline);
        json.WriteNumber("targetEventsApplied", apply.Target);
        NumberOrNull(json, "eventsApplied", apply.Wait.LastValue);
        json.WriteBoolean("applied", apply.Wait.Applied);
        NumberOrNull(json, "secondsToApplied", report.TimeToApplied?.TotalSeconds);
        NumberOrNull(json, "totalSeconds", report.TotalTime?.TotalSeconds);
        NumberOrNull(json, "appliedEventsPerSecond", report.AppliedEventsPerSecond);
        json.WriteString("applyError", apply.Wait.LastError);
    }
}
