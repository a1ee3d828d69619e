using System.Globalization;
using System.Text.Json;

namespace LifecycleActors.Connectors;

/// <summary>
/// A value inside a payload together with its path (<c>refunds[0].total</c>), so that every read that fails names the
/// field. Absent and <c>null</c> are treated alike; a value of the wrong JSON type is a <see cref="PayloadException"/>.
/// </summary>
internal readonly struct PayloadNode(JsonElement element, string path)
{
    /// <summary>The longest string id accepted, so that every event id stays within the contract's 128 characters.</summary>
    public const int MaxIdLength = 48;

    public string Path => path;

    public bool IsAbsent => element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    public static PayloadNode Root(JsonDocument document) => new(document.RootElement, "");

    public PayloadNode this[string name]
    {
        get
        {
            var child = path.Length == 0 ? name : path + "." + name;
            if (IsAbsent)
            {
                return new PayloadNode(default, child);
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Wrong("must be an object");
            }

            return new PayloadNode(Property(element, name), child);
        }
    }

    /// <summary>The array's items; none when absent.</summary>
    public IEnumerable<PayloadNode> Items()
    {
        if (IsAbsent)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Wrong("must be an array");
        }

        var items = new List<PayloadNode>(element.GetArrayLength());
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            items.Add(new PayloadNode(item, $"{path}[{index++}]"));
        }

        return items;
    }

    public string? OptionalString()
    {
        if (IsAbsent)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String ? StringValue() : throw Wrong("must be a string");
    }

    /// <summary>A non-blank string, trimmed; null when absent or blank.</summary>
    public string? OptionalText() => OptionalString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    public string Text() => OptionalText() ?? throw Wrong("is required");

    public bool? OptionalBool() => IsAbsent
        ? null
        : element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong("must be true or false"),
        };

    /// <summary>
    /// A platform id: an integer literal (kept as written, so int64 ids never go through a floating type) or a string
    /// of 1..<see cref="MaxIdLength"/> characters without spaces or control characters. Null when absent.
    /// </summary>
    public string? OptionalId()
    {
        if (IsAbsent)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            var raw = element.GetRawText();
            return raw.Length <= 20 && raw.All(char.IsAsciiDigit) ? raw : throw Wrong("must be a non-negative integer id");
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = StringValue();
            return text.Length is > 0 and <= MaxIdLength && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
                ? text
                : throw Wrong($"must be an id of 1..{MaxIdLength} characters without spaces");
        }

        throw Wrong("must be an id (an integer or a string)");
    }

    public string Id() => OptionalId() ?? throw Wrong("is required");

    /// <summary>
    /// A decimal amount: a string parsed with the invariant culture (Shopify, WooCommerce) or a JSON number read as a
    /// decimal without going through <see cref="double"/> (Shopware). Null when absent.
    /// </summary>
    public decimal? OptionalAmount()
    {
        if (IsAbsent)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.TryGetDecimal(out var number) ? number : throw Wrong("must be a decimal amount");
        }

        if (element.ValueKind == JsonValueKind.String
            && decimal.TryParse(
                StringValue(),
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture,
                out var parsed))
        {
            return parsed;
        }

        throw Wrong("must be a decimal amount");
    }

    public decimal Amount() => OptionalAmount() ?? throw Wrong("is required");

    /// <summary>An ISO 8601 time that states its offset (<c>Z</c> or <c>±hh:mm</c>); null when absent or empty.</summary>
    public DateTimeOffset? OptionalTime() => OptionalText() is { } text ? Instants.WithOffset(text) ?? throw Wrong("must be an ISO 8601 time with an offset") : null;

    public DateTimeOffset Time() => OptionalTime() ?? throw Wrong("is required");

    /// <summary>An ISO 8601 time without a zone, meaning UTC (WooCommerce's <c>*_gmt</c>); null when absent or empty.</summary>
    public DateTimeOffset? OptionalUtcTime() => OptionalText() is { } text ? Instants.Utc(text) ?? throw Wrong("must be an ISO 8601 UTC time") : null;

    public DateTimeOffset UtcTime() => OptionalUtcTime() ?? throw Wrong("is required");

    /// <summary>Unix seconds as an integer literal; null when absent.</summary>
    public DateTimeOffset? OptionalUnixTime()
    {
        if (IsAbsent)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var seconds) && Instants.FromUnixSeconds(seconds) is { } at
            ? at
            : throw Wrong("must be Unix seconds");
    }

    public DateTimeOffset UnixTime() => OptionalUnixTime() ?? throw Wrong("is required");

    public PayloadException Wrong(string problem) => new(path, problem);

    /// <summary>
    /// The named property (the last of duplicates, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// finds it); a name escaping an unpaired surrogate (<c>"\ud800"</c>) is compared as no name, instead of throwing.
    /// </summary>
    private static JsonElement Property(JsonElement obj, string name)
    {
        try
        {
            return obj.TryGetProperty(name, out var value) ? value : default;
        }
        catch (InvalidOperationException)
        {
            JsonElement found = default;
            foreach (var property in obj.EnumerateObject())
            {
                try
                {
                    found = property.NameEquals(name) ? property.Value : found;
                }
                catch (InvalidOperationException)
                {
                    // Not the name sought.
                }
            }

            return found;
        }
    }

    /// <summary>The string value; one escaping an unpaired surrogate, which no .NET string can hold, names this field.</summary>
    private string StringValue()
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Wrong("must not contain unpaired surrogates");
        }
    }
}
