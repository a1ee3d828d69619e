using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Cli.History;
using LifecycleActors.Grains.Population;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Rules.State;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using CliProgram = LifecycleActors.Cli.Program;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The whole UCI Online Retail history (2010-12-01 to 2011-12-09), imported with <c>lifecycle import</c> into a
/// service in event-time mode, ends with every customer where the rules put them at the final watermark.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class OnlineRetailReplayTests(EventTimeHost host) : IClassFixture<EventTimeHost>
{
    private const string Tenant = "shop-a";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replaying_the_Online_Retail_history_ends_with_every_customer_in_its_stage_at_the_final_watermark()
    {
        var path = SharedData.RequireOnlineRetail();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliProgram.RunAsync(
            ["import", "--url", host.BaseAddress.ToString(), "--api-key", ApiHost.KeyA, "--online-retail", path, "--concurrency", "1", "--wait-applied"],
            stdout,
            stderr,
            Ct);
        Assert.True(exit == 0, $"import exited with {exit}: {stdout}\n{stderr}");

        var history = OnlineRetailHistory.Read(path).Events;
        var watermark = history.Max(e => e.OccurredAt);
        var services = host.App.Services;
        Assert.Equal(watermark, services.GetRequiredService<ITenantClock>().Now(Tenant));
        await WaitUntilNothingIsDue(services, watermark);

        var initialFacts = new TenantFacts(EventTimeHost.VipMinSpend, null);
        await AssertEveryCustomerAsOffline(services, history, initialFacts, initialFacts, watermark);

        // The tenant's own facts: T from its spend365 quantile, the population gap, the prediction model.
        using var client = host.Client();
        var refit = await client.PostAsync("/api/v1/model/refit", null, Ct);
        var model = (await refit.Content.ReadFromJsonAsync<TenantModel>(WireJson.Options, Ct))!;
        Assert.NotNull(model.Bgnbd);
        var threshold = model.VipThreshold!.Value;
        Assert.True(threshold > EventTimeHost.VipMinSpend, $"T = {threshold}");
        var facts = TenantModelFitter.FactsOf(model, new RuleOptions { VipMinSpend = EventTimeHost.VipMinSpend });
        await WaitUntilNothingIsDue(services, watermark);
        var shown = await AssertEveryCustomerAsOffline(services, history, initialFacts, facts, watermark);

        Assert.All(shown.Values.Where(c => c.Spend365 >= 1.05m * threshold), c => Assert.True(c.Vip, $"{c} is not VIP with T = {threshold}"));
        Assert.All(shown.Values.Where(c => c.Spend365 < 0.75m * threshold), c => Assert.False(c.Vip, $"{c} is VIP with T = {threshold}"));
        Assert.Contains(shown.Values, c => c.Vip);
        await AssertMonthlyKpisAsync(client, history, shown);
    }

    /// <summary>
    /// The 13 months of <c>GET /api/v1/kpis</c> after the replay: the order figures equal the KPI arithmetic over the
    /// file's own events (which OnlineRetailKpiTests checks against plain loops), and the last month's stage mix and
    /// VIP count are the customers' final state.
    /// </summary>
    private static async Task AssertMonthlyKpisAsync(HttpClient client, IReadOnlyList<HistoryEvent> history, Dictionary<string, ShownCustomer> shown)
    {
        // A request catches the KPI store up for at most 2 s before it answers; after a whole history the background
        // pass, which keeps to a share of the time, may leave customers pending: the figures are read once none is.
        var answer = await Eventually.Get(
            () => client.GetFromJsonAsync<JsonElement>("/api/v1/kpis?from=2010-12-01&to=2011-12-31&interval=month", Ct),
            a => a.GetProperty("pending").GetInt64() == 0,
            TimeSpan.FromMinutes(3),
            "no customer pending in the KPI store");
        var periods = answer.GetProperty("periods").EnumerateArray().ToList();
        var customers = history.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.Min(e => e.OccurredAt), StringComparer.Ordinal);
        var expected = KpiCalculator.Compute(
            new KpiHistory(
                customers,
                history.Where(e => e.Type == HistoryEvent.OrderPlaced).Select(e => new KpiOrder(e.CustomerId, e.OrderId!, e.OccurredAt, e.Amount!.Value)).ToList(),
                history.Where(e => e.Type == HistoryEvent.OrderRefunded).Select(e => new KpiRefund(e.CustomerId, e.OrderId!, e.OccurredAt, e.Amount!.Value)).ToList(),
                [],
                []),
            new DateOnly(2010, 12, 1), new DateOnly(2011, 12, 31), KpiInterval.Month, TimeZoneInfo.Utc, new RuleOptions());
        Assert.Equal(13, periods.Count);
        for (var m = 0; m < 13; m++)
        {
            var served = periods[m];
            var figures = expected[m];
            Assert.Equal(
                (figures.Period.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), figures.Orders, figures.Revenue, figures.Buyers, figures.NewBuyers, figures.RetentionRate, figures.Crr),
                (served.GetProperty("period").GetString(), served.GetProperty("orders").GetInt32(), served.GetProperty("revenue").GetDecimal(),
                    served.GetProperty("buyers").GetInt32(), served.GetProperty("newBuyers").GetInt32(), Decimal(served, "retentionRate"), Decimal(served, "crr")));
        }

        var december = periods[^1];
        foreach (var stage in shown.Values.GroupBy(c => c.Stage))
        {
            Assert.Equal(stage.Count(), december.GetProperty("stages").GetProperty(stage.Key).GetInt32());
        }

        Assert.Equal(shown.Values.Count(c => c.Vip), december.GetProperty("vip").GetInt32());
    }

    private static decimal? Decimal(JsonElement period, string name) =>
        period.GetProperty(name).ValueKind == JsonValueKind.Null ? null : period.GetProperty(name).GetDecimal();

    /// <summary>Every customer as the rules put them: events applied under <paramref name="during"/>, then brought to the watermark under <paramref name="after"/>.</summary>
    private static async Task<Dictionary<string, ShownCustomer>> AssertEveryCustomerAsOffline(
        IServiceProvider services, IReadOnlyList<HistoryEvent> history, TenantFacts during, TenantFacts after, DateTimeOffset watermark)
    {
        var expected = Offline(history, during, after, watermark);
        var shown = await AllCustomers(services.GetRequiredService<IReadModel>());
        Assert.Equal(expected.Count, shown.Count);
        foreach (var (customerId, view) in expected)
        {
            var row = shown[customerId];
            Assert.True(
                (view.Stage.ToWireName(), view.Vip, view.Advocate, view.NetSpend) == (row.Stage, row.Vip, row.Advocate, row.NetSpend),
                $"customer {customerId}: expected {view.Stage.ToWireName()}, vip {view.Vip}, advocate {view.Advocate}, net {view.NetSpend}; the service shows {row}");
        }

        // A year-long history seen from its last day has customers in every buying stage.
        var stages = expected.Values.GroupBy(v => v.Stage).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(new[] { Stage.OneTime, Stage.Repeat, Stage.AtRisk, Stage.Lapsed }, stage => Assert.True(stages.GetValueOrDefault(stage) > 0, $"no customer is {stage}"));
        return shown;
    }

    /// <summary>The rules applied to each customer's events at their own time, then brought to the final watermark.</summary>
    private static Dictionary<string, CustomerView> Offline(IReadOnlyList<HistoryEvent> history, TenantFacts facts, TenantFacts after, DateTimeOffset watermark)
    {
        var rules = new CustomerRules(new RuleOptions { VipMinSpend = EventTimeHost.VipMinSpend });
        var views = new Dictionary<string, CustomerView>(StringComparer.Ordinal);
        foreach (var customer in history.GroupBy(e => e.CustomerId))
        {
            var state = new CustomerState();
            foreach (var e in customer)
            {
                Assert.True(EventTypes.TryParse(e.Type, out var type));
                rules.Apply(state, new CustomerEvent(e.Id, e.CustomerId, type, e.OccurredAt) { OrderId = e.OrderId, Amount = e.Amount ?? 0m }, facts, e.OccurredAt);
            }

            rules.Advance(state, after, watermark);
            views[customer.Key] = rules.View(state, after, watermark);
        }

        return views;
    }

    private static async Task WaitUntilNothingIsDue(IServiceProvider services, DateTimeOffset watermark)
    {
        var readModel = services.GetRequiredService<IReadModel>();
        var writer = services.GetRequiredService<IReadModelWriter>();
        await Eventually.Get(
            async () =>
            {
                await writer.FlushAsync(Ct);
                return await readModel.CountDueAsync(Tenant, watermark, Ct);
            },
            due => due == 0,
            timeout: TimeSpan.FromSeconds(120),
            what: "nothing due at the final watermark");
        await writer.FlushAsync(Ct);
    }

    private static async Task<Dictionary<string, ShownCustomer>> AllCustomers(IReadModel readModel)
    {
        var customers = new Dictionary<string, ShownCustomer>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var page = await readModel.ListAsync(Tenant, new CustomerFilter(null, null, null), after, 1000, Ct);
            foreach (var json in page)
            {
                using var view = JsonDocument.Parse(json);
                var root = view.RootElement;
                var id = root.GetProperty("customerId").GetString()!;
                customers[id] = new ShownCustomer(
                    id,
                    root.GetProperty("stage").GetString()!,
                    root.GetProperty("vip").GetBoolean(),
                    root.GetProperty("advocate").GetBoolean(),
                    root.GetProperty("netSpend").GetDecimal(),
                    root.GetProperty("spend365").GetDecimal());
                after = id;
            }

            if (page.Count < 1000)
            {
                return customers;
            }
        }
    }

    private sealed record ShownCustomer(string Id, string Stage, bool Vip, bool Advocate, decimal NetSpend, decimal Spend365);
}
