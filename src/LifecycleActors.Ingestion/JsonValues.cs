using System.Text.Json;

namespace LifecycleActors.Ingestion;

/// <summary>Small readers over <see cref="JsonElement"/> that report failure instead of throwing.</summary>
internal static class JsonValues
{
    public static bool IsAbsent(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    /// <summary>
    /// Reads a JSON string. Fails for an escaped unpaired surrogate (<c>"\ud800"</c>), which cannot become a valid
    /// .NET string; the body was checked for valid UTF-8 up front, so this is the only way decoding can fail.
    /// </summary>
    public static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// Whether the property has the given UTF-8 name. A name holding an escaped unpaired surrogate (<c>"\ud800"</c>) is
    /// no name we look for: <see cref="JsonProperty.NameEquals(ReadOnlySpan{byte})"/> would throw on it instead.
    /// </summary>
    public static bool NameIs(JsonProperty property, ReadOnlySpan<byte> utf8Name)
    {
        try
        {
            return property.NameEquals(utf8Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Finds a property by its UTF-8 name; fails when the name occurs twice, as its value would be ambiguous.</summary>
    public static bool TryFindUnique(JsonElement obj, ReadOnlySpan<byte> utf8Name, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (NameIs(property, utf8Name))
            {
                if (value.ValueKind != JsonValueKind.Undefined)
                {
                    return false;
                }

                value = property.Value;
            }
        }

        return true;
    }
}
