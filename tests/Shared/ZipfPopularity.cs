namespace LifecycleActors.Tests.Shared;

/// <summary>
/// Customer indexes drawn with a Zipf-like popularity: index <c>i</c> (0-based) is drawn with a probability
/// proportional to <c>1 / (i + 1)^exponent</c>, as a shop's few regulars and long tail of occasional buyers. Draws
/// are reproducible for a seed, and safe from one thread at a time.
/// </summary>
internal sealed class ZipfPopularity
{
    private readonly double[] _cumulative;
    private readonly Random _random;

    public ZipfPopularity(int customers, double exponent, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        _cumulative = new double[customers];
        var sum = 0.0;
        for (var i = 0; i < customers; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, exponent);
            _cumulative[i] = sum;
        }

        for (var i = 0; i < customers; i++)
        {
            _cumulative[i] /= sum;
        }

        _random = new Random(seed);
    }

    public int Customers => _cumulative.Length;

    /// <summary>The probability of drawing index <paramref name="index"/>.</summary>
    public double Probability(int index) => _cumulative[index] - (index == 0 ? 0 : _cumulative[index - 1]);

    /// <summary>The next index.</summary>
    public int Next()
    {
        var u = _random.NextDouble();
        var found = Array.BinarySearch(_cumulative, u);
        return Math.Min(found >= 0 ? found : ~found, _cumulative.Length - 1);
    }

    /// <summary>
    /// The share of draws expected to meet a customer not drawn in the <paramref name="window"/> draws before (a
    /// customer idle that long is out of memory): Σ p·e^(−p·window).
    /// </summary>
    public double ExpectedColdShare(double window)
    {
        var share = 0.0;
        for (var i = 0; i < _cumulative.Length; i++)
        {
            var p = Probability(i);
            share += p * Math.Exp(-p * window);
        }

        return share;
    }
}
