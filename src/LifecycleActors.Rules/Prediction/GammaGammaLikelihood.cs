using static LifecycleActors.Rules.Prediction.SpecialFunctions;

namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// The Gamma-Gamma log-likelihood of repeat buyers, arranged for repeated evaluation: identical (x, m) grouped and
/// sorted, the terms that depend on x alone computed once per distinct x and Σ ln m per x once, so that each evaluation
/// costs one logarithm per distinct (x, m), summed in fixed chunks and a fixed order.
/// </summary>
internal sealed class GammaGammaLikelihood
{
    private const int ParallelChunk = 65_536;

    private readonly int[] _frequencies;
    private readonly int[] _buyersPerFrequency;
    private readonly double[] _sumLogMeans;
    private readonly int[] _frequencyOfBuyer;

    /// <summary>x·m of each distinct (x, m), in (x, m) order, and how many buyers have it.</summary>
    private readonly double[] _totals;
    private readonly int[] _counts;

    public GammaGammaLikelihood(IReadOnlyList<(int Frequency, double MeanValue)> buyers)
    {
        var counts = new Dictionary<(int Frequency, double MeanValue), int>();
        foreach (var buyer in buyers)
        {
            counts[buyer] = counts.GetValueOrDefault(buyer) + 1;
        }

        var distinct = counts.Keys.ToArray();
        Array.Sort(distinct);
        _frequencies = distinct.Select(b => b.Frequency).Distinct().ToArray();
        _buyersPerFrequency = new int[_frequencies.Length];
        _sumLogMeans = new double[_frequencies.Length];
        _frequencyOfBuyer = new int[distinct.Length];
        _totals = new double[distinct.Length];
        _counts = new int[distinct.Length];
        double totalValue = 0;
        for (int i = 0, f = 0; i < distinct.Length; i++)
        {
            var (x, m) = distinct[i];
            while (_frequencies[f] != x)
            {
                f++;
            }

            var count = counts[distinct[i]];
            _buyersPerFrequency[f] += count;
            _sumLogMeans[f] += count * Math.Log(m);
            _frequencyOfBuyer[i] = f;
            _totals[i] = x * m;
            _counts[i] = count;
            totalValue += count * m;
        }

        MeanValue = totalValue / buyers.Count;
    }

    public double MeanValue { get; }

    /// <summary>
    /// Σ ln f(m | p, q, γ, x) with ln f = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln m + px ln x
    /// − (px + q) ln(γ + x·m).
    /// </summary>
    public double Evaluate(GammaGammaParameters parameters)
    {
        var (p, q, gamma) = parameters;
        var shared = (q * Math.Log(gamma)) - LogGamma(q);
        var exponents = new double[_frequencies.Length];
        double perFrequency = 0;
        for (var f = 0; f < _frequencies.Length; f++)
        {
            var px = p * _frequencies[f];
            exponents[f] = px + q;
            perFrequency += (_buyersPerFrequency[f] * (shared + LogGamma(px + q) - LogGamma(px) + (px * Math.Log(_frequencies[f]))))
                + ((px - 1) * _sumLogMeans[f]);
        }

        double Sum(int from, int to)
        {
            double sum = 0;
            for (var i = from; i < to; i++)
            {
                sum += _counts[i] * exponents[_frequencyOfBuyer[i]] * Math.Log(gamma + _totals[i]);
            }

            return sum;
        }

        if (_totals.Length <= ParallelChunk)
        {
            return perFrequency - Sum(0, _totals.Length);
        }

        var partial = new double[((_totals.Length - 1) / ParallelChunk) + 1];
        Parallel.For(0, partial.Length, chunk =>
            partial[chunk] = Sum(chunk * ParallelChunk, Math.Min(_totals.Length, (chunk + 1) * ParallelChunk)));
        return perFrequency - partial.Sum();
    }
}
