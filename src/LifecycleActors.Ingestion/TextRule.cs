using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LifecycleActors.Ingestion;

/// <summary>
/// The rule for ids and references (<c>id</c>, <c>customerId</c>, <c>orderId</c>, <c>referredCustomerId</c>): a
/// string of 1..128 characters, where a character is a Unicode scalar value, so an emoji counts once.
/// </summary>
internal static class TextRule
{
    public const int MaxLength = 128;

    /// <returns>An error message, or null when <paramref name="text"/> holds a valid value.</returns>
    public static string? Read(JsonElement value, string path, bool printable, string requiredMessage, out string text)
    {
        text = string.Empty;
        if (JsonValues.IsAbsent(value))
        {
            return requiredMessage;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return $"{path}: must be a string of 1..{MaxLength} characters";
        }

        if (!JsonValues.TryGetString(value, out var candidate))
        {
            return $"{path}: must not contain unpaired surrogates";
        }

        if (candidate.Length == 0)
        {
            return requiredMessage;
        }

        // A string never has more characters than UTF-16 units, so counting is only needed for long ones.
        if (candidate.Length > MaxLength && CountCharacters(candidate) is var length and > MaxLength)
        {
            return $"{path}: must be 1..{MaxLength} characters (got {length})";
        }

        if (printable && !IsPrintable(candidate))
        {
            return $"{path}: must not contain control characters";
        }

        text = candidate;
        return null;
    }

    /// <summary>
    /// False when the text holds a control (Cc), format (Cf, e.g. zero-width or bidi marks), line or paragraph
    /// separator, or an unpaired surrogate: characters that are invisible or break logs, CSV and terminals.
    /// </summary>
    public static bool IsPrintable(ReadOnlySpan<char> text)
    {
        // Nearly all ids are printable ASCII; a vectorised scan settles them without decoding.
        var i = text.IndexOfAnyExceptInRange(' ', '~');
        if (i < 0)
        {
            return true;
        }

        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }

            i += consumed;
        }

        return true;
    }

    private static int CountCharacters(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }
}
