using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Rules.Prediction;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The CDNOW sample's calibration purchases (to 1997-09-30) replayed through the API in event-time mode: the
/// tenant's refitted model reproduces Fader, Hardie &amp; Lee's BG/NBD and Gamma-Gamma parameters, and customers
/// show their prediction.
/// </summary>
public sealed class CdnowModelTests(PredictionHost host) : IClassFixture<PredictionHost>
{
    /// <summary>
    /// The API accepts no event before 2000 (contract §2), so the history is moved forward by a whole number of days;
    /// the model sees only day counts between dates, which the shift does not change.
    /// </summary>
    private static readonly TimeSpan Shift = TimeSpan.FromDays(10_000);

    private static readonly DateTimeOffset CalibrationEnd = new DateTimeOffset(1997, 9, 30, 0, 0, 0, TimeSpan.Zero) + Shift;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_refitted_model_reproduces_the_published_cdnow_parameters()
    {
        var path = SharedData.Require("cdnow/CDNOW_sample.txt", "the CDNOW sample transactions");
        var events = CalibrationOrders(path);

        // A visit at the end of the calibration period puts the tenant's clock exactly there.
        events.Add(new { id = "end", customerId = "observer", type = "visit", occurredAt = CalibrationEnd });
        using var client = host.Client();
        foreach (var batch in events.Chunk(1000))
        {
            var response = await client.PostAsync("/api/v1/events", JsonContent.Create(batch), Ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rejected").GetArrayLength());
        }

        // Every event, not only every customer: a customer is counted from its first order, before the rest.
        var stats = await Eventually.Get(
            () => client.GetFromJsonAsync<JsonElement>("/api/v1/stats", Ct),
            s => s.GetProperty("eventsApplied").GetInt64() == events.Count,
            timeout: TimeSpan.FromSeconds(60),
            what: "every CDNOW order in the read model");
        Assert.Equal(2358, stats.GetProperty("customers").GetInt64());

        var model = await (await client.PostAsync("/api/v1/model/refit", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2357, model.GetProperty("customers").GetInt64());
        Assert.Equal(CalibrationEnd, model.GetProperty("fittedAt").GetDateTimeOffset());
        var bgnbd = model.GetProperty("bgnbd");
        Near(0.243, bgnbd.GetProperty("r").GetDouble(), "r");
        Near(4.414 * 7, bgnbd.GetProperty("alpha").GetDouble(), "alpha (days)");
        Near(0.793, bgnbd.GetProperty("a").GetDouble(), "a");
        Near(2.426, bgnbd.GetProperty("b").GetDouble(), "b");
        var gammaGamma = model.GetProperty("gammaGamma");
        Near(6.25, gammaGamma.GetProperty("p").GetDouble(), "p");
        Near(3.74, gammaGamma.GetProperty("q").GetDouble(), "q");
        Near(15.44, gammaGamma.GetProperty("gamma").GetDouble(), "gamma");

        // Customer 0001 of the sample (x = 2, t_x = 30.43 weeks, T = 38.86 weeks) is predicted from the fit.
        var customer = await Eventually.Get(
            () => client.GetFromJsonAsync<JsonElement>("/api/v1/customers/0001", Ct),
            c => c.GetProperty("pAlive").ValueKind == JsonValueKind.Number,
            what: "the prediction on the customer");
        var fitted = new BgNbdParameters(
            bgnbd.GetProperty("r").GetDouble(), bgnbd.GetProperty("alpha").GetDouble(), bgnbd.GetProperty("a").GetDouble(), bgnbd.GetProperty("b").GetDouble());
        var days = PurchaseDatesOf(path, "0001");
        var summary = new PurchaseSummary(days.Count - 1, days[^1].DayNumber - days[0].DayNumber, (CalibrationEnd - Shift).Date.Subtract(days[0].ToDateTime(TimeOnly.MinValue)).TotalDays);
        Assert.Equal((2, 213.0, 272.0), (summary.Frequency, summary.RecencyDays, summary.AgeDays));
        Assert.Equal(Math.Round(BgNbd.ProbabilityAlive(fitted, summary), 4), customer.GetProperty("pAlive").GetDouble());
        Assert.Equal(Math.Round(BgNbd.ExpectedPurchases(fitted, summary, 90), 4), customer.GetProperty("expectedOrders90d").GetDouble());
        Assert.True(customer.GetProperty("predictedClv365").GetDecimal() > 0);
    }

    /// <summary>One order per line of the sample up to 1997-09-30, in date order; customers keep the sample's ids.</summary>
    private static List<object> CalibrationOrders(string path)
    {
        var orders = new List<(DateTimeOffset At, object Event)>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = new DateTimeOffset(DateOnly.ParseExact(fields[2], "yyyyMMdd", CultureInfo.InvariantCulture), TimeOnly.MinValue, TimeSpan.Zero) + Shift;
            if (at <= CalibrationEnd)
            {
                var amount = decimal.Parse(fields[4], CultureInfo.InvariantCulture);
                orders.Add((at, new { id = $"cd-{line}", customerId = fields[1], type = "order_placed", occurredAt = at, data = new { orderId = $"o-{line}", amount } }));
            }
        }

        return [.. orders.OrderBy(o => o.At).Select(o => o.Event)];
    }

    private static List<DateOnly> PurchaseDatesOf(string path, string customerId) =>
        [.. File.ReadLines(path)
            .Select(text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[1] == customerId)
            .Select(fields => DateOnly.ParseExact(fields[2], "yyyyMMdd", CultureInfo.InvariantCulture))
            .Where(date => date <= DateOnly.FromDateTime((CalibrationEnd - Shift).Date))
            .Distinct()
            .Order()];

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 0.01 * Math.Abs(expected), $"{what}: expected {expected} within 1 %, got {actual}");
}
