using System.Text.Json;
using System.Text.Unicode;

namespace LifecycleActors.Connectors;

/// <summary>Reads a webhook's body as a JSON object and turns every failure of a mapping into a result.</summary>
internal static class Payload
{
    /// <summary>
    /// Parses the body (valid UTF-8, a JSON object, nesting within the reader's default depth of 64). The document must
    /// be disposed by the caller.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        // The JSON reader does not check the UTF-8 inside strings; checking first keeps every later string read safe.
        if (!Utf8.IsValid(body.Span))
        {
            throw new PayloadException("body", "not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new PayloadException("body", "not valid JSON");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new PayloadException("body", "must be a JSON object");
        }

        return document;
    }

    /// <summary>Runs a mapping so that it never throws: a bad field, or anything unforeseen, is Unmappable.</summary>
    public static MappingResult Guard(string topic, Func<MappingResult> map)
    {
        try
        {
            return map();
        }
        catch (PayloadException e)
        {
            return MappingResult.Unmappable(topic, e.Field, e.Message);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return MappingResult.Unmappable(topic, "body", "body: cannot be read (" + e.GetType().Name + ")");
        }
    }
}
