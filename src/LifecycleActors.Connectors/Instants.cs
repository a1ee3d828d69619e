using System.Globalization;
using System.Text.RegularExpressions;

namespace LifecycleActors.Connectors;

/// <summary>Reading the platforms' times, and writing times the way events and event ids carry them.</summary>
internal static partial class Instants
{
    private const DateTimeStyles Styles = DateTimeStyles.AllowLeadingWhite | DateTimeStyles.AllowTrailingWhite;

    /// <summary>An ISO 8601 date and time that ends with <c>Z</c> or a <c>±hh:mm</c> offset; null otherwise.</summary>
    public static DateTimeOffset? WithOffset(string text) =>
        IsoDateTime().IsMatch(text) && OffsetSuffix().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out var value)
            ? value
            : null;

    /// <summary>An ISO 8601 date and time, taken as UTC when it states no offset; null otherwise.</summary>
    public static DateTimeOffset? Utc(string text) =>
        IsoDateTime().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles | DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;

    public static DateTimeOffset? FromUnixSeconds(long seconds) =>
        seconds is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>UTC, ISO 8601 with <c>Z</c>, fractional seconds only when there are any: <c>2026-11-23T10:00:00Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?")]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"(Z|z|[+-]\d{2}:?\d{2})\s*$")]
    private static partial Regex OffsetSuffix();
}
