using System.Text;
using System.Text.Json;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Output;

/// <summary>The pieces the JSON summaries share: one object per summary, rounding, nulls, and the totals.</summary>
internal static class JsonText
{
    public static string Object(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The counts every command reports alike, under the same names.</summary>
    public static void Totals(Utf8JsonWriter json, EventTotals totals)
    {
        (string Name, long Value)[] counts =
        [
            ("requests", totals.Requests),
            ("acknowledged", totals.Acknowledged),
            ("accepted", totals.Accepted),
            ("duplicates", totals.Duplicates),
            ("erased", totals.Erased),
            ("rejected", totals.Rejected),
            ("retries", totals.Retries),
        ];
        foreach (var (name, value) in counts)
        {
            json.WriteNumber(name, value);
        }
    }

    /// <summary>Three decimals: finer digits of a measured time or rate are noise.</summary>
    public static double Round(double value) => Math.Round(value, 3);

    public static void NumberOrNull(Utf8JsonWriter json, string name, double? value)
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

    public static void NumberOrNull(Utf8JsonWriter json, string name, long? value)
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
