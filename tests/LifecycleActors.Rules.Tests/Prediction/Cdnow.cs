using System.Globalization;
using LifecycleActors.Rules.Prediction;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Rules.Tests.Prediction;

/// <summary>
/// The CDNOW 1/10 sample of Fader, Hardie &amp; Lee (2005), read from ../shared/data, and the summaries the paper builds
/// from it: purchases up to and including 1997-09-30 (the calibration period), now = 1997-09-30.
/// </summary>
internal static class Cdnow
{
    public const int Customers = 2357;
    public const int RepeatBuyers = 946;
    public const double DaysPerWeek = 7;

    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    /// <summary>Per customer (sample id), the dollar total of each calibration purchase day, in date order.</summary>
    public static IReadOnlyList<SortedDictionary<DateOnly, double>> CalibrationPurchaseDays(CancellationToken cancellationToken)
    {
        var path = SharedData.Require("cdnow/CDNOW_sample.txt", "the CDNOW sample transactions");
        var byCustomer = new SortedDictionary<int, SortedDictionary<DateOnly, double>>();
        foreach (var line in File.ReadLines(path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5)
            {
                continue;
            }

            var date = DateOnly.ParseExact(fields[2], "yyyyMMdd", CultureInfo.InvariantCulture);
            if (date > CalibrationEnd)
            {
                continue;
            }

            var customer = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!byCustomer.TryGetValue(customer, out var days))
            {
                byCustomer[customer] = days = [];
            }

            days[date] = days.GetValueOrDefault(date) + double.Parse(fields[4], CultureInfo.InvariantCulture);
        }

        return [.. byCustomer.Values];
    }

    /// <summary>x = distinct purchase days − 1, t_x and T in days between dates.</summary>
    public static PurchaseSummary Summarise(SortedDictionary<DateOnly, double> purchaseDays)
    {
        var first = purchaseDays.Keys.First();
        var last = purchaseDays.Keys.Last();
        return new PurchaseSummary(purchaseDays.Count - 1, last.DayNumber - first.DayNumber, CalibrationEnd.DayNumber - first.DayNumber);
    }

    /// <summary>The mean dollar total of the purchase days after the first (0 when there are none).</summary>
    public static double MeanRepeatValue(SortedDictionary<DateOnly, double> purchaseDays) =>
        purchaseDays.Count < 2 ? 0 : purchaseDays.Values.Skip(1).Average();

    /// <summary>The published summary file: x, t_x, T in weeks and the mean repeat value zbar.</summary>
    public static IReadOnlyList<(int Frequency, double RecencyWeeks, double AgeWeeks, double MeanValue)> SummaryFile(CancellationToken cancellationToken)
    {
        var path = SharedData.Require("cdnow/cdnow_customers_summary_with_transactions.csv", "the CDNOW summary with transactions");
        var rows = new List<(int, double, double, double)>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = line.Split(',');
            rows.Add((
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                double.Parse(fields[2], CultureInfo.InvariantCulture),
                double.Parse(fields[3], CultureInfo.InvariantCulture),
                double.Parse(fields[4], CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
