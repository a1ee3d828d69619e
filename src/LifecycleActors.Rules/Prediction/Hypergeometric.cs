namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) on 0 ≤ z &lt; 1. Up to z = 1/2 the power series converges at least
/// geometrically with ratio 1/2, and beyond it too when c is large beside a and b; otherwise the solution of the
/// hypergeometric differential equation is carried from z = 1/2 towards 1 by Taylor steps that each cover a fixed
/// fraction of the remaining distance 1 − z, so the cost grows only with log(1/(1 − z)) and no special case is needed
/// when c − a − b is an integer. The steps are taken in 1 − z, which is passed in exactly where the caller knows it.
/// The work is bounded: parameters so large that it would not be (beyond about 10⁴ at z near 1) are rejected.
/// </summary>
public static class Hypergeometric
{
    private const double SeriesLimit = 0.5;
    private const double Epsilon = 1e-17;
    private const int QuickSeriesTerms = 1_000;
    private const int TermBudget = 4_000_000;
    private const double SmallestStepFraction = 1e-3;
    private const double RescaleAbove = 1e100;
    private const double RescaleBelow = 1e-100;

    /// <summary>Gauss ₂F₁(a, b; c; z) for 0 ≤ z &lt; 1; c must not be zero or a negative integer.</summary>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        if (!(z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must lie in [0, 1).");
        }

        var (mantissa, logScale) = Scaled(a, b, c, z, 1 - z);
        return logScale == 0 ? mantissa : mantissa * Math.Exp(logScale);
    }

    /// <summary>
    /// ₂F₁ as mantissa · e^logScale, so that huge values (large a, b near z → 1) stay representable; 1 − z is given
    /// separately so that it keeps its relative precision when z rounds to (or near) 1.
    /// </summary>
    internal static (double Mantissa, double LogScale) Scaled(double a, double b, double c, double z, double oneMinusZ)
    {
        CheckParameters(a, b, c);
        if (!(oneMinusZ > 0 && oneMinusZ <= 1 && z >= 0 && z <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must lie in [0, 1).");
        }

        if (z == 0 || a == 0 || b == 0)
        {
            return (1, 0);
        }

        var budget = TermBudget;
        var series = PowerSeries(a, b, c, z, z <= SeriesLimit ? TermBudget : QuickSeriesTerms, ref budget);
        if (series.Converged)
        {
            return (series.Value, series.LogScale);
        }

        var start = PowerSeries(a, b, c, SeriesLimit, budget, ref budget);
        if (!start.Converged)
        {
            throw TooLarge(a, b, c);
        }

        return Continue(a, b, c, start, oneMinusZ, ref budget);
    }

    private static void CheckParameters(double a, double b, double c)
    {
        if (!double.IsFinite(a))
        {
            throw new ArgumentException($"a must be finite (got {a}).", nameof(a));
        }

        if (!double.IsFinite(b))
        {
            throw new ArgumentException($"b must be finite (got {b}).", nameof(b));
        }

        if (!double.IsFinite(c) || (c <= 0 && c == Math.Floor(c)))
        {
            throw new ArgumentException($"c must be finite and not zero or a negative integer (got {c}).", nameof(c));
        }
    }

    private static ArgumentException TooLarge(double a, double b, double c) =>
        new($"₂F₁({a}, {b}; {c}; z) needs more work than allowed here: the parameters are too large for this z.", nameof(a));

    /// <summary>
    /// Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ and its derivative, both scaled by e^−LogScale, within <paramref name="maxTerms"/> terms
    /// (taken from <paramref name="budget"/>).
    /// </summary>
    private static (double Value, double Derivative, double LogScale, bool Converged) PowerSeries(
        double a, double b, double c, double z, int maxTerms, ref int budget)
    {
        double term = 1, sum = 1, derivativeSum = 0, logScale = 0;
        var pastNegativeParameters = Math.Max(0, -Math.Min(a, Math.Min(b, c)));
        var tolerance = Epsilon * (1 - z);
        var converged = false;
        var n = 0;
        for (; n < maxTerms && !converged; n++)
        {
            var ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            derivativeSum += (n + 1) * term;

            // While the ratio stays below 1 the tail after a small term is at most term/(1 − z).
            converged = term == 0 || (n > pastNegativeParameters && Math.Abs(ratio) < 1
                && Math.Abs(term) <= tolerance * Math.Abs(sum) && Math.Abs((n + 1) * term) <= tolerance * Math.Abs(derivativeSum));
            if (Math.Abs(sum) > RescaleAbove)
            {
                var scale = Math.Abs(sum);
                term /= scale;
                sum /= scale;
                derivativeSum /= scale;
                logScale += Math.Log(scale);
            }
        }

        budget -= n;
        return (sum, derivativeSum / z, logScale, converged);
    }

    /// <summary>
    /// Carries (w, w′) from z = 1/2 to 1 − <paramref name="distance"/> along z(1 − z)w″ + [c − (a + b + 1)z]w′ − ab·w = 0
    /// by Taylor steps, tracking the distance to 1 rather than z.
    /// </summary>
    private static (double Mantissa, double LogScale) Continue(
        double a, double b, double c, (double Value, double Derivative, double LogScale, bool) start, double distance, ref int budget)
    {
        // Each step covers at most this fraction of the distance to z = 1 (the series' radius there): 1/2 for moderate
        // parameters, less for large ones so that one step grows the solution by about e^20 at most.
        var fraction = Math.Clamp(20 / (1 + Math.Abs(a) + Math.Abs(b) + Math.Abs(c)), SmallestStepFraction, 0.5);
        var (value, derivative, logScale, _) = start;
        var left = 1 - SeriesLimit;
        while (left > distance)
        {
            var next = Math.Max(distance, left * (1 - fraction));
            (value, derivative) = TaylorStep(a, b, c, left, left - next, value, derivative, ref budget);
            if (budget < 0)
            {
                throw TooLarge(a, b, c);
            }

            left = next;
            var size = Math.Max(Math.Abs(value), Math.Abs(derivative) * left);
            if (size > RescaleAbove || (size < RescaleBelow && size > 0))
            {
                value /= size;
                derivative /= size;
                logScale += Math.Log(size);
            }
        }

        return (value, logScale);
    }

    /// <summary>(w, w′) at z0 + h from (w, w′) at z0 = 1 − <paramref name="left"/>.</summary>
    private static (double Value, double Derivative) TaylorStep(
        double a, double b, double c, double left, double h, double value, double derivative, ref int budget)
    {
        // w(z0 + h) = Σ e_k with e_k = c_k h^k; the equation gives
        // c_{k+2} = [(k + a)(k + b) c_k − (k + 1)(p1·k + q0) c_{k+1}] / (p0 (k + 1)(k + 2)).
        var z0 = 1 - left;
        var p0 = z0 * left;
        var p1 = (2 * left) - 1;
        var q0 = c - ((a + b + 1) * z0);
        var previous = value;
        var current = derivative * h;
        var sum = previous + current;
        var derivativeSum = current;
        var k = 0;
        for (; k < budget; k++)
        {
            var next = (((k + a) * (k + b) * previous * h) - ((k + 1) * ((p1 * k) + q0) * current)) * h / (p0 * (k + 1) * (k + 2));
            sum += next;
            derivativeSum += (k + 2) * next;
            previous = current;
            current = next;
            if (k > 2 && Math.Abs(previous) + Math.Abs(current) <= Epsilon * Math.Abs(sum)
                && (k + 2) * (Math.Abs(previous) + Math.Abs(current)) <= Epsilon * Math.Abs(derivativeSum))
            {
                break;
            }
        }

        budget -= k + 1;
        return (sum, derivativeSum / h);
    }
}
