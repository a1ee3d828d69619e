using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Harness.Model;

/// <summary>
/// Customers drawn from the BG/NBD process (r 0.243, α 30.9 days, a 0.793, b 2.426: CDNOW's published fit) over
/// ages of 1 to 273 days, with Gamma-Gamma spend per purchase day (p 6.25, q 3.74, γ 15.44), as read-model rows.
/// </summary>
internal static class SyntheticPopulation
{
    public static IEnumerable<CustomerRow> Rows(int customers, DateTimeOffset now, int seed)
    {
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(now.UtcDateTime).DayNumber;
        for (var c = 0; c < customers; c++)
        {
            var lambda = Gamma(random, 0.243) / 30.898;
            var dropout = Beta(random, 0.793, 2.426);
            var age = random.Next(1, 274);
            var first = today - age;
            var days = new SortedSet<int> { first };
            var t = 0.0;
            while (true)
            {
                t += -Math.Log(1 - random.NextDouble()) / lambda;
                if (t > age)
                {
                    break;
                }

                days.Add(first + (int)t);
                if (random.NextDouble() < dropout)
                {
                    break;
                }
            }

            // Gamma-Gamma: each purchase day's spend ~ Gamma(p, rate ν), ν ~ Gamma(q, rate γ); the mean of the x
            // repeat days is then Gamma(p·x, rate ν·x).
            var count = days.Count;
            var nu = Gamma(random, 3.74) / 15.44;
            var repeats = Math.Max(1, count - 1);
            var spendPerDay = (decimal)Math.Round(Gamma(random, 6.25 * repeats) / (nu * repeats), 2);
            var spend = spendPerDay * count;
            var own = count > 1 ? (days.Max - days.Min) / (double)(count - 1) : (double?)null;
            yield return new CustomerRow(
                "bench", $"c-{c}", count > 1 ? "repeat" : "one_time", false, false, spend, spend, count, 0, 0, null, now, "{}",
                new PopulationInputs(spend, own, count, days.Min, days.Max, count > 1 ? (double)spendPerDay : null));
        }
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang, boosted for shape &lt; 1.</summary>
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Beta(Random random, double a, double b)
    {
        var x = Gamma(random, a);
        return x / (x + Gamma(random, b));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
