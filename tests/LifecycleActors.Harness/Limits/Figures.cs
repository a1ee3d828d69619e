using System.Globalization;

namespace LifecycleActors.Harness.Limits;

/// <summary>How the limits harness prints numbers: thin-space thousands, a dot for decimals.</summary>
internal static class Figures
{
    public static readonly NumberFormatInfo Numbers = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "." };

    public static string Format(FormattableString text) => text.ToString(Numbers);

    public static string Rate(double? perSecond) => perSecond is { } r ? r.ToString("N0", Numbers) : "–";

    public static string Ratio(double? part, double? whole) =>
        part is { } p && whole is { } w && w > 0 ? (p / w).ToString(p / w < 0.1 ? "P1" : "P0", CultureInfo.InvariantCulture) : "–";
}
