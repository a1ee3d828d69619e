using static LifecycleActors.Rules.Prediction.SpecialFunctions;

namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// The BG/NBD model of Fader, Hardie &amp; Lee (2005): each customer buys at a Poisson rate λ ~ Gamma(r, α) while alive
/// and drops out after any purchase with probability p ~ Beta(a, b). Time is in days throughout.
/// </summary>
public static class BgNbd
{
    /// <summary>Σ ln L(r, α, a, b | x, t_x, T) over the customers (time in days).</summary>
    public static double LogLikelihood(BgNbdParameters parameters, IReadOnlyList<PurchaseSummary> customers)
    {
        PredictionInput.Check(parameters, nameof(parameters));
        ArgumentNullException.ThrowIfNull(customers);
        return BgNbdLikelihood.From(customers).Evaluate(parameters);
    }

    /// <summary>
    /// Maximum likelihood over the customers (all with ≥ 1 purchase). Optimised by Nelder–Mead in log-parameter space
    /// from data-scaled starts; identical (x, t_x, T) are grouped and the groups sorted, so the result depends neither
    /// on the customers' order nor on anything but their summaries.
    /// </summary>
    public static BgNbdFit Fit(IReadOnlyList<PurchaseSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (customers.Count < 2)
        {
            throw new ArgumentException($"A fit needs at least 2 customers (got {customers.Count}).", nameof(customers));
        }

        return BgNbdFitter.Fit(BgNbdLikelihood.From(customers));
    }

    /// <summary>P(alive | x, t_x, T); 1 when x = 0.</summary>
    public static double ProbabilityAlive(BgNbdParameters parameters, PurchaseSummary customer)
    {
        PredictionInput.Check(parameters, nameof(parameters));
        PredictionInput.Check(customer, nameof(customer));
        return customer.Frequency == 0 ? 1 : 1 / (1 + Math.Exp(LogDeadToAliveOdds(parameters, customer)));
    }

    /// <summary>E[Y(t) | x, t_x, T]: expected repeat purchases in the next <paramref name="days"/> days.</summary>
    public static double ExpectedPurchases(BgNbdParameters parameters, PurchaseSummary customer, double days)
    {
        PredictionInput.Check(parameters, nameof(parameters));
        PredictionInput.Check(customer, nameof(customer));
        PredictionInput.CheckNonNegative(days, nameof(days), nameof(days));
        if (days == 0)
        {
            return 0;
        }

        // Two removable singularities of the formula, met by round parameters: at a = 1 the factor (a + b + x − 1)/(a − 1)
        // and the bracket it multiplies are 0/0-like (average the two sides); at a + b + x − 1 = 0 (x = 0, a + b = 1)
        // ₂F₁ has a pole that the factor a + b − 1 cancels (extrapolate from just above it, where b stays positive).
        const double Gap = 1e-6;
        var (a, b) = (parameters.A, parameters.B);
        if (Math.Abs(a - 1) < Gap)
        {
            return 0.5 * (ExpectedPurchasesUnchecked(parameters with { A = 1 - Gap }, customer, days)
                + ExpectedPurchasesUnchecked(parameters with { A = 1 + Gap }, customer, days));
        }

        var c = a + b + customer.Frequency - 1;
        if (Math.Abs(c) < Gap)
        {
            var near = ExpectedPurchasesUnchecked(parameters with { B = b - c + Gap }, customer, days);
            var further = ExpectedPurchasesUnchecked(parameters with { B = b - c + (2 * Gap) }, customer, days);
            return near + ((c - Gap) / Gap * (further - near));
        }

        return ExpectedPurchasesUnchecked(parameters, customer, days);
    }

    private static double ExpectedPurchasesUnchecked(BgNbdParameters parameters, PurchaseSummary customer, double days)
    {
        var (r, alpha, a, b) = parameters;
        var x = customer.Frequency;
        var elapsed = alpha + customer.AgeDays;

        // ((α + T)/(α + T + t))^(r + x) · ₂F₁(r + x, b + x; a + b + x − 1; z) with z = t/(α + T + t), by Euler's
        // transformation (1 − z)^(a − 1) · ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z): the same value with parameters
        // that do not grow with x, so heavy buyers stay cheap and accurate. 1 − z and its logarithm are taken exactly.
        var z = days / (elapsed + days);
        var oneMinusZ = elapsed / (elapsed + days);
        var logOneMinusZ = -LogOnePlus(days / elapsed);
        double mantissa, logScale;
        try
        {
            (mantissa, logScale) = Hypergeometric.Scaled(a + b - 1 - r, a - 1, a + b + x - 1, z, oneMinusZ);
        }
        catch (ArgumentException tooLarge)
        {
            throw new ArgumentException(
                $"{parameters} are too extreme to evaluate E[Y] for {customer} over {days} days (Fit keeps r, a, b within e^±10).",
                nameof(parameters),
                tooLarge);
        }

        var discounted = mantissa * Math.Exp(logScale + ((a - 1) * logOneMinusZ));
        var expectedIfAlive = (a + b + x - 1) / (a - 1) * (1 - discounted);
        return x == 0 ? expectedIfAlive : expectedIfAlive / (1 + Math.Exp(LogDeadToAliveOdds(parameters, customer)));
    }

    /// <summary>ln[a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)] for x &gt; 0: the odds that the customer has dropped out.</summary>
    internal static double LogDeadToAliveOdds(BgNbdParameters parameters, PurchaseSummary customer)
    {
        var (r, alpha, a, b) = parameters;
        var x = customer.Frequency;
        return Math.Log(a / (b + x - 1)) + ((r + x) * LogOnePlus((customer.AgeDays - customer.RecencyDays) / (alpha + customer.RecencyDays)));
    }
}
