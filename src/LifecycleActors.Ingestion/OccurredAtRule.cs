using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LifecycleActors.Ingestion;

/// <summary>
/// <c>occurredAt</c>: ISO-8601 with an explicit offset (<c>Z</c> or <c>±hh:mm</c>), not before 2000-01-01 and at
/// most five minutes ahead of the wall clock, so that no event can push an event-time watermark into the future.
/// </summary>
internal static class OccurredAtRule
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);

    private const string FormatError = "occurredAt: must be ISO-8601 with an offset";

    /// <returns>An error message, or null when <paramref name="occurredAt"/> holds a valid time.</returns>
    public static string? Read(JsonElement value, DateTimeOffset wallClock, out DateTimeOffset occurredAt)
    {
        occurredAt = default;
        if (JsonValues.IsAbsent(value))
        {
            return "occurredAt: required, ISO-8601 with an offset";
        }

        // The parser would read a time without offset as local time; the check for an offset has to come first.
        if (value.ValueKind != JsonValueKind.String || !HasExplicitOffset(value)
            || !value.TryGetDateTimeOffset(out occurredAt))
        {
            return FormatError;
        }

        if (occurredAt - wallClock > MaxAhead)
        {
            return "occurredAt: more than 5 minutes ahead of the service clock";
        }

        return occurredAt < Earliest ? "occurredAt: before 2000-01-01" : null;
    }

    private static bool HasExplicitOffset(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = raw[1..^1];
        if (text.IndexOf((byte)'\\') < 0)
        {
            return EndsWithOffset(text);
        }

        // Escapes in a timestamp are odd but legal JSON; decode them rather than guess.
        return JsonValues.TryGetString(value, out var decoded) && EndsWithOffset(Encoding.UTF8.GetBytes(decoded));
    }

    private static bool EndsWithOffset(ReadOnlySpan<byte> text)
    {
        if (text.Length > 0 && text[^1] == (byte)'Z')
        {
            return true;
        }

        if (text.Length < 6)
        {
            return false;
        }

        var offset = text[^6..];
        return offset[0] is (byte)'+' or (byte)'-'
            && char.IsAsciiDigit((char)offset[1]) && char.IsAsciiDigit((char)offset[2])
            && offset[3] == (byte)':'
            && char.IsAsciiDigit((char)offset[4]) && char.IsAsciiDigit((char)offset[5]);
    }
}
