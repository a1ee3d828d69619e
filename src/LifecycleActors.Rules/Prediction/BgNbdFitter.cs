namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// Maximum likelihood for the BG/NBD parameters: Nelder–Mead over (ln r, ln(α/r), ln a, ln(b/a)), with α measured in
/// the data's mean time between repeat purchases so that the search is the same whatever the time unit. In these
/// coordinates the ridges where a population shows no heterogeneity (r, α → ∞ at a fixed mean rate r/α; a, b → ∞ at a
/// fixed mean drop-out a/(a + b)) run along the axes, which the simplex follows with few evaluations.
/// </summary>
internal static class BgNbdFitter
{
    private const double Tolerance = 1e-12;
    private const int MaxEvaluations = 2_000;

    // The search stays within r, a, b ∈ [e^−10, e^10] and α ∈ e^±15 time scales: beyond, the likelihood counts as −∞.
    // The edges are only reached by populations whose maximum lies at infinity (no heterogeneity, no repeat purchases),
    // where they are as good as the limit; inside, every prediction can be evaluated with bounded work.
    private const double ShapeLogBound = 10;
    private const double ScaleLogBound = 15;

    private static readonly (double R, double A, double B)[] Starts = [(1, 1, 1), (0.3, 0.5, 3)];

    public static BgNbdFit Fit(BgNbdLikelihood likelihood)
    {
        var rate = likelihood.TotalFrequency > 0 && likelihood.TotalAge > 0 ? likelihood.TotalFrequency / likelihood.TotalAge : 1;
        var timeScale = 1 / rate;

        double NegativeLogLikelihood(double[] point)
        {
            var (logR, logA, logB) = (point[0], point[2], point[2] + point[3]);
            var logAlpha = point[0] + point[1];
            return Math.Abs(logR) > ShapeLogBound || Math.Abs(logA) > ShapeLogBound || Math.Abs(logB) > ShapeLogBound
                || Math.Abs(logAlpha) > ScaleLogBound
                ? double.PositiveInfinity
                : -likelihood.Evaluate(FromPoint(point, timeScale));
        }

        double[]? bestPoint = null;
        var bestValue = double.PositiveInfinity;
        foreach (var (r, a, b) in Starts)
        {
            var (point, value) = NelderMead.Minimize(
                NegativeLogLikelihood, [Math.Log(r), 0, Math.Log(a), Math.Log(b / a)], 1, Tolerance, MaxEvaluations);
            if (bestPoint is null || value < bestValue)
            {
                (bestPoint, bestValue) = (point, value);
            }
        }

        var parameters = FromPoint(bestPoint!, timeScale);
        return new BgNbdFit(parameters, likelihood.Evaluate(parameters), likelihood.Customers);
    }

    /// <summary>The search point holds ln r, ln(α/(r·timeScale)), ln a, ln(b/a).</summary>
    private static BgNbdParameters FromPoint(double[] point, double timeScale)
    {
        var (r, a) = (Math.Exp(point[0]), Math.Exp(point[2]));
        return new(r, r * timeScale * Math.Exp(point[1]), a, a * Math.Exp(point[3]));
    }
}
