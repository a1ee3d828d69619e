using System.Text.Json;
using LifecycleActors.Cli.History;
using LifecycleActors.Cli.Tests.Support;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Silo.Tests.Support;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.DependencyInjection;
using CliProgram = LifecycleActors.Cli.Program;

namespace LifecycleActors.Silo.Tests;

/// <summary>
/// The whole UCI Online Retail history (2010-12-01 to 2011-12-09), imported with <c>lifecycle import</c> into a
/// service in event-time mode, ends with every customer where the rules put them at the final watermark.
/// </summary>
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

        var expected = Offline(history, watermark);
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
    }

    /// <summary>The rules applied to each customer's events at their own time, then brought to the final watermark.</summary>
    private static Dictionary<string, CustomerView> Offline(IReadOnlyList<HistoryEvent> history, DateTimeOffset watermark)
    {
        var rules = new CustomerRules(new RuleOptions { VipMinSpend = EventTimeHost.VipMinSpend });
        var facts = new TenantFacts(EventTimeHost.VipMinSpend, null);
        var views = new Dictionary<string, CustomerView>(StringComparer.Ordinal);
        foreach (var customer in history.GroupBy(e => e.CustomerId))
        {
            var state = new CustomerState();
            foreach (var e in customer)
            {
                Assert.True(EventTypes.TryParse(e.Type, out var type));
                rules.Apply(state, new CustomerEvent(e.Id, e.CustomerId, type, e.OccurredAt) { OrderId = e.OrderId, Amount = e.Amount ?? 0m }, facts, e.OccurredAt);
            }

            rules.Advance(state, facts, watermark);
            views[customer.Key] = rules.View(state, facts, watermark);
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
                    root.GetProperty("stage").GetString()!, root.GetProperty("vip").GetBoolean(), root.GetProperty("advocate").GetBoolean(), root.GetProperty("netSpend").GetDecimal());
                after = id;
            }

            if (page.Count < 1000)
            {
                return customers;
            }
        }
    }

    private sealed record ShownCustomer(string Stage, bool Vip, bool Advocate, decimal NetSpend);
}
