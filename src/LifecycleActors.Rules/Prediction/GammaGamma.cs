namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV"): a customer's order values are Gamma(p, ν),
/// ν ~ Gamma(q, γ) across customers, independent of the purchase process.
/// </summary>
public static class GammaGamma
{
    private const double Tolerance = 1e-12;
    private const int MaxEvaluations = 2_000;
    private const double LogBound = 30;

    /// <summary>
    /// Maximum likelihood of (p, q, γ) over repeat buyers: (frequency x &gt; 0, mean repeat-purchase value m &gt; 0);
    /// others ignored. Fewer than 2 such customers → <see cref="ArgumentException"/>.
    /// </summary>
    public static GammaGammaParameters Fit(IReadOnlyList<(int Frequency, double MeanValue)> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var buyers = new List<(int Frequency, double MeanValue)>();
        for (var i = 0; i < customers.Count; i++)
        {
            var (frequency, meanValue) = customers[i];
            if (!double.IsFinite(meanValue))
            {
                throw new ArgumentException($"customers[{i}].MeanValue must be finite (got {meanValue}).", nameof(customers));
            }

            if (frequency > 0 && meanValue > 0)
            {
                buyers.Add((frequency, meanValue));
            }
        }

        if (buyers.Count < 2)
        {
            throw new ArgumentException($"A fit needs at least 2 repeat buyers with a positive mean value (got {buyers.Count}).", nameof(customers));
        }

        var likelihood = new GammaGammaLikelihood(buyers);
        var valueScale = likelihood.MeanValue;
        double NegativeLogLikelihood(double[] point)
        {
            foreach (var coordinate in point)
            {
                if (Math.Abs(coordinate) > LogBound)
                {
                    return double.PositiveInfinity;
                }
            }

            return -likelihood.Evaluate(FromPoint(point, valueScale));
        }

        double[]? bestPoint = null;
        var bestValue = double.PositiveInfinity;
        foreach (var start in (double[][])[[0, Math.Log(2), 0], [Math.Log(5), Math.Log(4), 0]])
        {
            var (point, value) = NelderMead.Minimize(NegativeLogLikelihood, start, 1, Tolerance, MaxEvaluations);
            if (bestPoint is null || value < bestValue)
            {
                (bestPoint, bestValue) = (point, value);
            }
        }

        return FromPoint(bestPoint!, valueScale);
    }

    /// <summary>
    /// E[M | x, m] = p(γ + x·m)/(p·x + q − 1); for x = 0 the population mean p·γ/(q − 1). Where the denominator is not
    /// positive (q ≤ 1 and few orders) the expectation is infinite and so is the result.
    /// </summary>
    public static double ExpectedOrderValue(GammaGammaParameters parameters, int frequency, double meanValue)
    {
        PredictionInput.Check(parameters, nameof(parameters));
        if (frequency < 0)
        {
            throw new ArgumentException($"frequency must be ≥ 0 (got {frequency}).", nameof(frequency));
        }

        var (p, q, gamma) = parameters;
        if (frequency == 0)
        {
            meanValue = 0;
        }
        else
        {
            PredictionInput.CheckNonNegative(meanValue, nameof(meanValue), nameof(meanValue));
        }

        var denominator = (p * frequency) + q - 1;
        return denominator > 0 ? p * (gamma + (frequency * meanValue)) / denominator : double.PositiveInfinity;
    }

    /// <summary>
    /// The search point holds ln p, ln q, ln(p·γ/(q·valueScale)): the last is the log of the mean order value over the
    /// data's mean when q is large, so that the ridge of a population without heterogeneity (q, γ → ∞ at a fixed p·γ/q)
    /// runs along an axis.
    /// </summary>
    private static GammaGammaParameters FromPoint(double[] point, double valueScale)
    {
        var (p, q) = (Math.Exp(point[0]), Math.Exp(point[1]));
        return new(p, q, q / p * valueScale * Math.Exp(point[2]));
    }
}
