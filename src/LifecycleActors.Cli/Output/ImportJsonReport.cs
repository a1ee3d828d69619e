using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LifecycleActors.Cli.Import;

namespace LifecycleActors.Cli.Output;

/// <summary>
/// The machine summary of an import (<c>--json FILE</c>): one JSON object. Times in seconds; values that do not exist
/// (nothing about applying without <c>--wait-applied</c>) are null.
/// </summary>
internal static class ImportJsonReport
{
    public static string Write(ImportReport report)
    {
        var o = report.Options;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("source", report.Source);
            json.WriteString("url", o.Url.AbsoluteUri);
            json.WriteNumber("batch", o.Batch);
            json.WriteNumber("concurrency", o.Concurrency);
            json.WriteNumber("recordsRead", report.RecordsRead);
            json.WriteString("recordUnit", report.RecordUnit);
            json.WriteNumber("eventsRead", report.EventsRead);
            json.WriteNumber("sent", report.Sent);
            json.WriteNumber("requests", report.Requests);
            json.WriteNumber("accepted", report.Accepted);
            json.WriteNumber("duplicates", report.Duplicates);
            json.WriteNumber("rejected", report.Rejected);
            json.WriteNumber("rejectedEvents", report.RejectedEvents);
            json.WriteNumber("refusedBatches", report.RefusedBatches);
            json.WriteNumber("refusedEvents", report.RefusedEvents);
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
            json.WriteNumber("retries", report.Retries);
            json.WriteNumber("elapsedSeconds", Round(report.Elapsed.TotalSeconds));
            json.WriteNumber("eventsPerSecond", Round(report.EventsPerSecond));
            json.WriteString("aborted", report.Aborted);
            WriteApplied(json, report);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteApplied(Utf8JsonWriter json, ImportReport report)
    {
        if (report.Apply is not { } apply)
        {
            json.WriteNull("applied");
            return;
        }

        json.WriteStartObject("applied");
        json.WriteBoolean("all", apply.Applied);
        json.WriteNumber("seconds", Round(apply.Elapsed.TotalSeconds));
        Number(json, "baselineEventsApplied", report.BaselineApplied);
        Number(json, "targetEventsApplied", report.TargetApplied);
        Number(json, "eventsApplied", apply.LastValue);
        json.WriteString("lastError", apply.LastError);
        json.WriteStartObject("stages");
        foreach (var (stage, count) in report.Stages ?? [])
        {
            json.WriteNumber(stage, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
