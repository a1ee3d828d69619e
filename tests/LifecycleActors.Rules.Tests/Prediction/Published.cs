using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

/// <summary>The figures published for CDNOW (Fader, Hardie &amp; Lee 2005), time converted from weeks to days.</summary>
internal static class Published
{
    public const double LogLikelihoodInWeeks = -9582.4;

    public static readonly BgNbdParameters BgNbd = new(0.243, 4.414 * Cdnow.DaysPerWeek, 0.793, 2.426);

    public static readonly GammaGammaParameters GammaGamma = new(6.25, 3.74, 15.44);

    /// <summary>Asserts |actual − expected| ≤ relative·|expected|, saying which quantity is off.</summary>
    public static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(
            Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: expected {expected} within {relative:P2}, got {actual}");

    public static void Near(BgNbdParameters expected, BgNbdParameters actual, double relative)
    {
        Near(expected.R, actual.R, relative, "r");
        Near(expected.Alpha, actual.Alpha, relative, "α");
        Near(expected.A, actual.A, relative, "a");
        Near(expected.B, actual.B, relative, "b");
    }
}
