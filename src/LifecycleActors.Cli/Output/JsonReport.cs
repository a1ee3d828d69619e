using System.Text;
using System.Text.Json;
using LifecycleActors.Cli.Load;

namespace LifecycleActors.Cli.Output;

/// <summary>
/// The machine summary of a load run (<c>--json</c>): one JSON object, for benchmark scripts. Times in seconds or
/// milliseconds as the name says; values that do not exist (time until applied after a timeout) are null.
/// </summary>
internal static class JsonReport
{
    public static void Write(TextWriter output, LoadReport report)
    {
        var o = report.Options;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("runId", report.RunId);
            json.WriteString("url", o.Url.AbsoluteUri);
            json.WriteNumber("events", o.Events);
            json.WriteNumber("customers", o.Customers);
            json.WriteNumber("batch", o.Batch);
            json.WriteNumber("concurrency", o.Concurrency);
            json.WriteNumber("rate", o.Rate);
            json.WriteNumber("seed", o.Seed);
            json.WriteNumber("requests", report.Requests);
            json.WriteNumber("acknowledged", report.Acknowledged);
            json.WriteNumber("accepted", report.Accepted);
            json.WriteNumber("duplicates", report.Duplicates);
            json.WriteNumber("rejected", report.Rejected);
            json.WriteString("firstRejection", report.FirstRejection);
            json.WriteNumber("retries", report.Retries);
            json.WriteNumber("postingSeconds", Round(report.PostingTime.TotalSeconds));
            json.WriteNumber("eventsPerSecond", Round(report.EventsPerSecond));
            json.WriteNumber("ackP50Ms", Round(report.Latency.P50));
            json.WriteNumber("ackP90Ms", Round(report.Latency.P90));
            json.WriteNumber("ackP99Ms", Round(report.Latency.P99));
            json.WriteNumber("ackMaxMs", Round(report.Latency.Max));
            json.WriteNumber("baselineEventsApplied", report.BaselineApplied);
            json.WriteNumber("targetEventsApplied", report.TargetApplied);
            Nullable(json, "eventsApplied", report.Apply.LastValue);
            json.WriteBoolean("applied", report.Apply.Applied);
            Nullable(json, "secondsToApplied", report.TimeToApplied?.TotalSeconds);
            Nullable(json, "totalSeconds", report.TotalTime?.TotalSeconds);
            Nullable(json, "appliedEventsPerSecond", report.AppliedEventsPerSecond);
            json.WriteString("applyError", report.Apply.LastError);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static void Nullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Round(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Nullable(Utf8JsonWriter json, string name, long? value)
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
