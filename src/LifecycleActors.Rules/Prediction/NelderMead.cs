namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// A deterministic Nelder–Mead simplex minimiser (reflection 1, expansion 2, contraction ½, shrink ½), restarted from
/// its best point until a restart no longer improves, within one budget of evaluations. Non-finite objective values
/// count as +∞.
/// </summary>
internal static class NelderMead
{
    public static (double[] Point, double Value) Minimize(
        Func<double[], double> objective, double[] start, double initialStep, double tolerance, int maxEvaluations)
    {
        var evaluations = 0;
        double Counted(double[] point)
        {
            evaluations++;
            var value = objective(point);
            return double.IsNaN(value) ? double.PositiveInfinity : value;
        }

        var (point, value) = Run(Counted, start, initialStep, tolerance, () => evaluations >= maxEvaluations);
        for (var restart = 0; restart < 8 && evaluations < maxEvaluations; restart++)
        {
            var (again, againValue) = Run(Counted, point, initialStep / 4, tolerance, () => evaluations >= maxEvaluations);
            var improved = againValue < value - (tolerance * (1 + Math.Abs(value)));
            if (againValue < value)
            {
                (point, value) = (again, againValue);
            }

            if (!improved)
            {
                break;
            }
        }

        return (point, value);
    }

    private static (double[] Point, double Value) Run(
        Func<double[], double> evaluate, double[] start, double initialStep, double tolerance, Func<bool> outOfBudget)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            simplex[i] = (double[])start.Clone();
            if (i > 0)
            {
                simplex[i][i - 1] += initialStep;
            }

            values[i] = evaluate(simplex[i]);
        }

        var order = new int[n + 1];
        var centroid = new double[n];
        while (true)
        {
            for (var i = 0; i <= n; i++)
            {
                order[i] = i;
            }

            // Stable ordering by value, ties by index: the run is a pure function of the objective.
            Array.Sort(order, (l, r) => values[l] != values[r] ? values[l].CompareTo(values[r]) : l.CompareTo(r));
            int best = order[0], worst = order[n], secondWorst = order[n - 1];
            if (outOfBudget() || Converged(simplex, values, best, tolerance))
            {
                return (simplex[best], values[best]);
            }

            Array.Clear(centroid);
            foreach (var i in order.AsSpan(0, n))
            {
                for (var d = 0; d < n; d++)
                {
                    centroid[d] += simplex[i][d] / n;
                }
            }

            var reflected = Along(centroid, simplex[worst], -1);
            var reflectedValue = evaluate(reflected);
            if (reflectedValue < values[best])
            {
                var expanded = Along(centroid, simplex[worst], -2);
                var expandedValue = evaluate(expanded);
                (simplex[worst], values[worst]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
                continue;
            }

            if (reflectedValue < values[secondWorst])
            {
                (simplex[worst], values[worst]) = (reflected, reflectedValue);
                continue;
            }

            var outside = reflectedValue < values[worst];
            var contracted = Along(centroid, simplex[worst], outside ? -0.5 : 0.5);
            var contractedValue = evaluate(contracted);
            if (contractedValue < (outside ? reflectedValue : values[worst]))
            {
                (simplex[worst], values[worst]) = (contracted, contractedValue);
                continue;
            }

            for (var i = 0; i <= n; i++)
            {
                if (i != best)
                {
                    simplex[i] = Along(simplex[best], simplex[i], 0.5);
                    values[i] = evaluate(simplex[i]);
                }
            }
        }
    }

    /// <summary>centroid + t·(vertex − centroid).</summary>
    private static double[] Along(double[] centroid, double[] vertex, double t)
    {
        var point = new double[centroid.Length];
        for (var d = 0; d < point.Length; d++)
        {
            point[d] = centroid[d] + (t * (vertex[d] - centroid[d]));
        }

        return point;
    }

    private static bool Converged(double[][] simplex, double[] values, int best, double tolerance)
    {
        for (var i = 0; i < simplex.Length; i++)
        {
            if (Math.Abs(values[i] - values[best]) > tolerance * (1 + Math.Abs(values[best])))
            {
                return false;
            }

            for (var d = 0; d < simplex[i].Length; d++)
            {
                if (Math.Abs(simplex[i][d] - simplex[best][d]) > Math.Sqrt(tolerance))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
