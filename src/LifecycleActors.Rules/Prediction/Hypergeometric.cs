namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) on 0 ≤ z &lt; 1. Up to z = 1/2 the power series converges at least
/// geometrically with ratio 1/2; beyond, the solution of the hypergeometric differential equation is carried from
/// z = 1/2 towards 1 by Taylor steps that each cover a fixed fraction of the remaining distance to the singular point,
/// so the cost grows only with log(1/(1 − z)) and no special case is needed when c − a − b is an integer.
/// </summary>
public static class Hypergeometric
{
    private const double SeriesLimit = 0.5;
    private const double Epsilon = 1e-17;
    private const int MaxTerms = 2_000_000;
    private const double RescaleAbove = 1e100;
    private const double RescaleBelow = 1e-100;

    /// <summary>Gauss ₂F₁(a, b; c; z) for 0 ≤ z &lt; 1; c must not be zero or a negative integer.</summary>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        var (mantissa, logScale) = Scaled(a, b, c, z);
        return logScale == 0 ? mantissa : mantissa * Math.Exp(logScale);
    }

    /// <summary>₂F₁ as mantissa · e^logScale, so that huge values (large a, b near z → 1) stay representable.</summary>
    internal static (double Mantissa, double LogScale) Scaled(double a, double b, double c, double z)
    {
        CheckArguments(a, b, c, z);
        if (z == 0 || a == 0 || b == 0)
        {
            return (1, 0);
        }

        if (z <= SeriesLimit)
        {
            var series = PowerSeries(a, b, c, z);
            return (series.Value, series.LogScale);
        }

        var start = PowerSeries(a, b, c, SeriesLimit);
        return Continue(a, b, c, SeriesLimit, start.Value, start.Derivative, start.LogScale, z);
    }

    private static void CheckArguments(double a, double b, double c, double z)
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

        if (!(z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must lie in [0, 1).");
        }
    }

    /// <summary>Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ and its derivative, both scaled by e^−LogScale.</summary>
    private static (double Value, double Derivative, double LogScale) PowerSeries(double a, double b, double c, double z)
    {
        double term = 1, sum = 1, derivativeSum = 0, logScale = 0;
        var pastNegativeParameters = Math.Max(0, -Math.Min(a, Math.Min(b, c)));
        for (var n = 0; n < MaxTerms; n++)
        {
            var ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            derivativeSum += (n + 1) * term;
            if (term == 0)
            {
                break;
            }

            if (n > pastNegativeParameters && Math.Abs(ratio) < 1
                && Math.Abs(term) <= Epsilon * Math.Abs(sum) && Math.Abs((n + 1) * term) <= Epsilon * Math.Abs(derivativeSum))
            {
                break;
            }

            if (Math.Abs(sum) > RescaleAbove)
            {
                var scale = Math.Abs(sum);
                term /= scale;
                sum /= scale;
                derivativeSum /= scale;
                logScale += Math.Log(scale);
            }
        }

        return (sum, derivativeSum / z, logScale);
    }

    /// <summary>
    /// Carries (w, w') at z0 to the target along z(1 − z)w″ + [c − (a + b + 1)z]w′ − ab·w = 0 by Taylor steps.
    /// </summary>
    private static (double Mantissa, double LogScale) Continue(
        double a, double b, double c, double z0, double value, double derivative, double logScale, double target)
    {
        // Each step covers at most this fraction of the distance to z = 1 (the series' radius there): 1/2 for moderate
        // parameters, less for large ones so that one step never grows the solution by more than about e^20.
        var fraction = Math.Min(0.5, 20 / (1 + Math.Abs(a) + Math.Abs(b) + Math.Abs(c)));
        var z = z0;
        while (z < target)
        {
            var h = Math.Min(target - z, fraction * (1 - z));
            (value, derivative) = TaylorStep(a, b, c, z, h, value, derivative);
            z = h == target - z ? target : z + h;
            var size = Math.Max(Math.Abs(value), Math.Abs(derivative) * (1 - z));
            if (size > RescaleAbove || (size < RescaleBelow && size > 0))
            {
                value /= size;
                derivative /= size;
                logScale += Math.Log(size);
            }
        }

        return (value, logScale);
    }

    private static (double Value, double Derivative) TaylorStep(double a, double b, double c, double z0, double h, double value, double derivative)
    {
        // w(z0 + h) = Σ e_k with e_k = c_k h^k; the equation gives
        // c_{k+2} = [(k + a)(k + b) c_k − (k + 1)(p1·k + q0) c_{k+1}] / (p0 (k + 1)(k + 2)).
        var p0 = z0 * (1 - z0);
        var p1 = 1 - (2 * z0);
        var q0 = c - ((a + b + 1) * z0);
        var previous = value;
        var current = derivative * h;
        var sum = previous + current;
        var derivativeSum = current;
        for (var k = 0; k < MaxTerms; k++)
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

        return (sum, derivativeSum / h);
    }
}
