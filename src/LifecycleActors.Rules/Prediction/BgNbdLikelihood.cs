using static LifecycleActors.Rules.Prediction.SpecialFunctions;

namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// The BG/NBD log-likelihood of a population, with identical (x, t_x, T) grouped and sorted once so that each evaluation
/// costs one pass over the groups, a few logarithms per distinct x, T and t_x, and a deterministic summation order.
/// </summary>
internal sealed class BgNbdLikelihood
{
    private const int ParallelChunk = 16_384;

    private readonly Group[] _groups;
    private readonly int[] _frequencies;
    private readonly double[] _ages;
    private readonly double[] _recencies;

    private BgNbdLikelihood(Group[] groups, int[] frequencies, double[] ages, double[] recencies, int customers, double totalFrequency, double totalAge)
    {
        _groups = groups;
        _frequencies = frequencies;
        _ages = ages;
        _recencies = recencies;
        Customers = customers;
        TotalFrequency = totalFrequency;
        TotalAge = totalAge;
    }

    public int Customers { get; }

    public double TotalFrequency { get; }

    public double TotalAge { get; }

    public int GroupCount => _groups.Length;

    public static BgNbdLikelihood From(IReadOnlyList<PurchaseSummary> customers)
    {
        var counts = new Dictionary<PurchaseSummary, int>();
        double totalFrequency = 0, totalAge = 0;
        for (var i = 0; i < customers.Count; i++)
        {
            var customer = customers[i];
            PredictionInput.Check(customer, nameof(customers), i);

            // x = 0 carries no recency information; + 0.0 turns −0 into +0 so equal values group together.
            var key = customer with
            {
                RecencyDays = customer.Frequency == 0 ? 0 : customer.RecencyDays + 0.0,
                AgeDays = customer.AgeDays + 0.0,
            };
            counts[key] = counts.GetValueOrDefault(key) + 1;
            totalFrequency += customer.Frequency;
            totalAge += customer.AgeDays;
        }

        // Sorted, so that the summation order (and so the result, to the last bit) ignores the customers' order.
        var distinct = counts.Keys.ToArray();
        Array.Sort(distinct, CompareSummaries);
        var frequencies = distinct.Select(c => c.Frequency).Distinct().ToArray();
        var ages = distinct.Select(c => c.AgeDays).Distinct().Order().ToArray();
        var recencies = distinct.Select(c => c.RecencyDays).Distinct().Order().ToArray();
        var groups = Array.ConvertAll(distinct, summary => new Group(
            Array.BinarySearch(frequencies, summary.Frequency),
            Array.BinarySearch(ages, summary.AgeDays),
            Array.BinarySearch(recencies, summary.RecencyDays),
            counts[summary]));

        return new BgNbdLikelihood(groups, frequencies, ages, recencies, customers.Count, totalFrequency, totalAge);
    }

    public double Evaluate(BgNbdParameters parameters)
    {
        var (r, alpha, a, b) = parameters;

        // Per distinct x: the terms of ln L that do not involve t_x or T, and ln(a/(b + x − 1)).
        var common = new double[_frequencies.Length];
        var logDropOdds = new double[_frequencies.Length];
        var shared = (r * Math.Log(alpha)) - LogGamma(r) - LogBeta(a, b);
        for (var i = 0; i < _frequencies.Length; i++)
        {
            var x = _frequencies[i];
            common[i] = shared + LogGamma(r + x) + LogBeta(a, b + x);
            logDropOdds[i] = x == 0 ? 0 : Math.Log(a / (b + x - 1));
        }

        var logAges = Array.ConvertAll(_ages, t => Math.Log(alpha + t));
        var logRecencies = Array.ConvertAll(_recencies, t => Math.Log(alpha + t));

        double Sum(int from, int to)
        {
            double sum = 0;
            for (var g = from; g < to; g++)
            {
                var group = _groups[g];
                var x = _frequencies[group.Frequency];
                var logAge = logAges[group.Age];
                var term = common[group.Frequency] - ((r + x) * logAge);
                if (x > 0)
                {
                    term += LogOnePlusExp(logDropOdds[group.Frequency] + ((r + x) * (logAge - logRecencies[group.Recency])));
                }

                sum += group.Count * term;
            }

            return sum;
        }

        if (_groups.Length <= ParallelChunk)
        {
            return Sum(0, _groups.Length);
        }

        // Fixed chunks added in a fixed order: the same result whatever the number of threads.
        var partial = new double[((_groups.Length - 1) / ParallelChunk) + 1];
        Parallel.For(0, partial.Length, chunk =>
            partial[chunk] = Sum(chunk * ParallelChunk, Math.Min(_groups.Length, (chunk + 1) * ParallelChunk)));
        return partial.Sum();
    }

    private static int CompareSummaries(PurchaseSummary left, PurchaseSummary right)
    {
        var byFrequency = left.Frequency.CompareTo(right.Frequency);
        if (byFrequency != 0)
        {
            return byFrequency;
        }

        var byRecency = left.RecencyDays.CompareTo(right.RecencyDays);
        return byRecency != 0 ? byRecency : left.AgeDays.CompareTo(right.AgeDays);
    }

    private readonly record struct Group(int Frequency, int Age, int Recency, int Count);
}
