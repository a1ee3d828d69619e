using System.Globalization;

namespace LifecycleActors.Cli.Output;

/// <summary>Numbers as the summaries print them: invariant, so that scripts and tests read the same text everywhere.</summary>
internal static class Format
{
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Millis(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
