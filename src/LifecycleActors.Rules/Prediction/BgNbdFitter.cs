namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// Maximum likelihood for the BG/NBD parameters: Nelder–Mead over (ln r, ln α, ln a, ln b), starting from points scaled
/// to the data's purchase rate so that the search is the same whatever the time unit.
/// </summary>
internal static class BgNbdFitter
{
    private const double Tolerance = 1e-12;
    private const int MaxEvaluations = 5_000;

    // Parameters are kept within e^±LogBound of the start; beyond it the likelihood is treated as −∞.
    private const double LogBound = 30;

    private static readonly (double R, double A, double B)[] Starts = [(1, 1, 1), (0.3, 0.5, 3)];

    public static BgNbdFit Fit(BgNbdLikelihood likelihood)
    {
        // With r = 1 the mean purchase rate r/α matches the population's repeat purchases per unit of age.
        var rate = likelihood.TotalFrequency > 0 && likelihood.TotalAge > 0 ? likelihood.TotalFrequency / likelihood.TotalAge : 1;
        var timeScale = 1 / rate;

        double NegativeLogLikelihood(double[] point)
        {
            foreach (var coordinate in point)
            {
                if (Math.Abs(coordinate) > LogBound)
                {
                    return double.PositiveInfinity;
                }
            }

            return -likelihood.Evaluate(FromPoint(point, timeScale));
        }

        double[]? bestPoint = null;
        var bestValue = double.PositiveInfinity;
        foreach (var (r, a, b) in Starts)
        {
            var (point, value) = NelderMead.Minimize(
                NegativeLogLikelihood, [Math.Log(r), Math.Log(r), Math.Log(a), Math.Log(b)], 1, Tolerance, MaxEvaluations);
            if (bestPoint is null || value < bestValue)
            {
                (bestPoint, bestValue) = (point, value);
            }
        }

        var parameters = FromPoint(bestPoint!, timeScale);
        return new BgNbdFit(parameters, likelihood.Evaluate(parameters), likelihood.Customers);
    }

    /// <summary>The search point holds ln r, ln(α/timeScale), ln a, ln b.</summary>
    private static BgNbdParameters FromPoint(double[] point, double timeScale) =>
        new(Math.Exp(point[0]), timeScale * Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3]));
}
