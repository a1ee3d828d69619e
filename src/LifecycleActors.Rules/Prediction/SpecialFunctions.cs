namespace LifecycleActors.Rules.Prediction;

/// <summary>Log-gamma and the log-space helpers the likelihoods are written with.</summary>
internal static class SpecialFunctions
{
    // Lanczos approximation with g = 7 and nine terms: relative error of Γ below 1e-15 for real arguments ≥ 1/2.
    private const double LanczosG = 7.0;

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "ln Γ is only needed (and defined here) for positive arguments.");
        }

        if (double.IsPositiveInfinity(x))
        {
            return double.PositiveInfinity;
        }

        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 − x) = π / sin(πx), with sin(πx) > 0 on (0, 1/2).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        var y = x - 1;
        var series = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            series += LanczosCoefficients[i] / (y + i);
        }

        var t = y + LanczosG + 0.5;
        return HalfLogTwoPi + ((y + 0.5) * Math.Log(t)) - t + Math.Log(series);
    }

    /// <summary>ln B(a, b) for a, b &gt; 0.</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>ln(1 + eˣ) without overflow for large x or loss of precision for very negative x.</summary>
    public static double LogOnePlusExp(double x) => x > 0 ? x + LogOnePlus(Math.Exp(-x)) : LogOnePlus(Math.Exp(x));

    /// <summary>ln(1 + u), accurate for small u (the rounding of 1 + u is corrected for).</summary>
    public static double LogOnePlus(double u)
    {
        var y = 1 + u;
        var rounded = y - 1;
        return rounded == 0 ? u : Math.Log(y) * (u / rounded);
    }
}
