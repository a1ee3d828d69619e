using System.Text.Encodings.Web;
using System.Text.Json;
using LifecycleActors.Cli.Import;
using static LifecycleActors.Cli.Output.JsonText;

namespace LifecycleActors.Cli.Output;

/// <summary>
/// The machine summary of an import (<c>--json FILE</c>): one JSON object. Times in seconds; values that do not exist
/// (nothing about applying without <c>--wait-applied</c>) are null.
/// </summary>
internal static class ImportJsonReport
{
    /// <summary>Names and errors from the input are shown as written, not as \u escapes.</summary>
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ImportReport report) => Object(Options, json => Write(json, report));

    private static void Write(Utf8JsonWriter json, ImportReport report)
    {
        var o = report.Options;
        json.WriteString("source", report.Source);
        json.WriteString("url", o.Url.AbsoluteUri);
        json.WriteNumber("batch", o.Batch);
        json.WriteNumber("concurrency", o.Concurrency);
        json.WriteNumber("recordsRead", report.RecordsRead);
        json.WriteString("recordUnit", report.RecordUnit);
        json.WriteNumber("eventsRead", report.EventsRead);
        Totals(json, report.Totals);
        json.WriteNumber("rejectedEvents", report.Totals.RejectedEvents);
        json.WriteNumber("refusedBatches", report.Totals.RefusedBatches);
        json.WriteNumber("refusedEvents", report.Totals.RefusedEvents);
        json.WriteStartArray("firstRejections");
        foreach (var rejection in report.FirstRejections)
        {
            json.WriteStringValue(rejection);
        }

        json.WriteEndArray();
        json.WriteStartObject("skipped");
        foreach (var skip in report.Skipped)
        {
            json.WriteNumber(skip.Key, skip.Count);
        }

        json.WriteEndObject();
        json.WriteNumber("elapsedSeconds", Round(report.Totals.Elapsed.TotalSeconds));
        json.WriteNumber("eventsPerSecond", Round(report.EventsPerSecond));
        json.WriteString("aborted", report.Aborted);
        WriteApplied(json, report);
    }

    private static void WriteApplied(Utf8JsonWriter json, ImportReport report)
    {
        if (report.Apply is not { } apply)
        {
            json.WriteNull("applied");
            return;
        }

        json.WriteStartObject("applied");
        json.WriteBoolean("all", apply.Wait.Applied);
        json.WriteNumber("seconds", Round(apply.Wait.Elapsed.TotalSeconds));
        json.WriteNumber("baselineEventsApplied", apply.Baseline);
        json.WriteNumber("targetEventsApplied", apply.Target);
        NumberOrNull(json, "eventsApplied", apply.Wait.LastValue);
        json.WriteString("lastError", apply.Wait.LastError);
        json.WriteStartObject("stages");
        foreach (var (stage, count) in report.Stages ?? [])
        {
            json.WriteNumber(stage, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
