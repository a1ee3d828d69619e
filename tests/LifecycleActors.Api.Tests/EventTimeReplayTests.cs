using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Time;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Support;
using LifecycleActors.Traffic;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// A generated two-year shop history replayed over HTTP in event-time mode ends exactly where the rules library,
/// applied offline to the same events (each at its own time, then brought to the final watermark), ends: the same
/// final state per customer and the same transitions, time-driven ones included, with the same instants and
/// sequence numbers.
/// </summary>
public sealed class EventTimeReplayTests(EventTimeHost host) : IClassFixture<EventTimeHost>
{
    private const int Customers = 150;
    private const int Events = 5000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replayed_history_equals_the_rules_applied_offline()
    {
        var history = GenerateHistory();
        using var client = host.Client();
        foreach (var batch in history.Chunk(500))
        {
            using var content = new ByteArrayContent(EventJson.WriteBatch(batch));
            content.Headers.ContentType = new("application/json");
            var response = await client.PostAsync("/api/v1/events", content, Ct);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        var watermark = history.Max(e => e.OccurredAt);
        var services = host.App.Services;
        Assert.Equal(watermark, services.GetRequiredService<ITenantClock>().Now("shop-a"));
        await WaitUntilSettled(client, services, history.Count, watermark);

        var rules = new CustomerRules(new RuleOptions { VipMinSpend = EventTimeHost.VipMinSpend });
        var facts = new TenantFacts(EventTimeHost.VipMinSpend, null);
        var readModel = services.GetRequiredService<IReadModel>();
        var timeDriven = 0;
        foreach (var customer in history.GroupBy(e => e.CustomerId))
        {
            var state = new CustomerState();
            var expected = new List<Transition>();
            foreach (var e in customer)
            {
                expected.AddRange(rules.Apply(state, e, facts, e.OccurredAt).Transitions);
            }

            expected.AddRange(rules.Advance(state, facts, watermark).Transitions);
            timeDriven += expected.Count(t => t.TimeDriven);

            var published = (await readModel.TransitionsAsync("shop-a", customer.Key, null, 1000, Ct)).OrderBy(t => t.Sequence).ToList();
            Assert.Equal(
                expected.Select(t => (t.Kind.ToWireName(), t.From, t.To, t.At, t.Sequence, t.Reason)),
                published.Select(t => (t.Kind, t.From, t.To, t.At, t.Sequence, t.Reason)));

            var view = rules.View(state, facts, watermark);
            var shown = await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{customer.Key}", Ct);
            Assert.Equal(view.Stage.ToWireName(), shown.GetProperty("stage").GetString());
            Assert.Equal(view.Vip, shown.GetProperty("vip").GetBoolean());
            Assert.Equal(view.Advocate, shown.GetProperty("advocate").GetBoolean());
            Assert.Equal(view.NetSpend, shown.GetProperty("netSpend").GetDecimal());
        }

        // The comparison covers plenty of changes that happened with no event at all.
        Assert.True(timeDriven >= 100, $"only {timeDriven} time-driven transitions in the history");
    }

    /// <summary>Two years of a shop's traffic ending a day ago, without referrals (their conversion crosses customers).</summary>
    private static List<CustomerEvent> GenerateHistory()
    {
        var step = TimeSpan.FromDays(730) / Events;
        var start = DateTimeOffset.UtcNow.AddDays(-731);
        var start0 = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return [.. new StorefrontTraffic(7, Customers, start0, step, "replay").Take(Events).Where(e => e.Type != EventType.ReferralMade)];
    }

    private static async Task WaitUntilSettled(HttpClient client, IServiceProvider services, int events, DateTimeOffset watermark)
    {
        await Eventually.Get(
            async () => (await client.GetFromJsonAsync<JsonElement>("/api/v1/stats", Ct)).GetProperty("eventsApplied").GetInt64(),
            applied => applied == events,
            timeout: TimeSpan.FromSeconds(60),
            what: "every event applied");
        var readModel = services.GetRequiredService<IReadModel>();
        var writer = services.GetRequiredService<IReadModelWriter>();
        await Eventually.Get(
            async () =>
            {
                await writer.FlushAsync(Ct);
                return await readModel.CountDueAsync("shop-a", watermark, Ct);
            },
            due => due == 0,
            timeout: TimeSpan.FromSeconds(60),
            what: "nothing due at the final watermark");
        await writer.FlushAsync(Ct);
    }
}
