using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

/// <summary>
/// Draws customers from the BG/NBD model with a seeded generator: λ ~ Gamma(r, α), p ~ Beta(a, b), Poisson purchases
/// at rate λ after a first purchase at a uniform day in a cohort window, drop-out with probability p after each repeat
/// purchase. The observation ends <see cref="ObservationDays"/> days after the window opens.
/// </summary>
internal sealed class BgNbdSimulation(BgNbdParameters parameters, int seed)
{
    public const int CohortDays = 84;
    public const int ObservationDays = 273;

    private readonly Random _random = new(seed);

    /// <summary>
    /// One customer. With <paramref name="dayGranularity"/> purchase times are truncated to whole days and same-day
    /// purchases merged, as a shop's order history would summarise them.
    /// </summary>
    public PurchaseSummary Next(bool dayGranularity)
    {
        var firstDay = _random.Next(CohortDays);
        var age = ObservationDays - firstDay;
        var rate = Gamma(parameters.R) / parameters.Alpha;
        var dropOut = Beta(parameters.A, parameters.B);
        int purchases = 0, lastDay = 0;
        double time = 0, last = 0;
        while (true)
        {
            time += -Math.Log(1 - _random.NextDouble()) / rate;
            if (time > age)
            {
                break;
            }

            var day = (int)Math.Floor(time);
            if (!dayGranularity || day > lastDay)
            {
                purchases++;
                (last, lastDay) = (time, day);
            }

            if (_random.NextDouble() < dropOut)
            {
                break;
            }
        }

        return dayGranularity ? new PurchaseSummary(purchases, lastDay, age) : new PurchaseSummary(purchases, last, age);
    }

    public PurchaseSummary[] Draw(int count, bool dayGranularity)
    {
        var customers = new PurchaseSummary[count];
        for (var i = 0; i < count; i++)
        {
            customers[i] = Next(dayGranularity);
        }

        return customers;
    }

    private double Beta(double a, double b)
    {
        var x = Gamma(a);
        return x / (x + Gamma(b));
    }

    /// <summary>Gamma(shape, 1) by Marsaglia–Tsang, boosted by U^(1/shape) for shape &lt; 1.</summary>
    private double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(1 - _random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double normal, v;
            do
            {
                normal = Normal();
                v = 1 + (c * normal);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - _random.NextDouble();
            if (Math.Log(u) < (0.5 * normal * normal) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private double Normal() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
