using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Grains.Time;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// In event time the tenant's clock stops just before the earliest event of an append still in flight. When that
/// append starts at the very instant of an event a customer has just applied, the customer is still shown at (and
/// judged at) its own newest event, never a tick before it.
/// </summary>
public sealed class EventTimeHoldTests(EventTimeHost host) : IClassFixture<EventTimeHost>
{
    private static readonly DateTimeOffset FirstOrder = new(2011, 3, 3, 16, 58, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondOrder = new(2011, 11, 23, 16, 48, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_is_shown_at_its_newest_event_while_an_append_at_the_same_instant_holds_the_clock()
    {
        using var client = host.Client();
        await Post(client, new CustomerEvent("hold-1", "hold-c1", EventType.OrderPlaced, FirstOrder) { OrderId = "o-1", Amount = 124.10m });

        // Another request whose earliest event is at the same instant as this customer's next order is still appending.
        var clock = host.App.Services.GetRequiredService<ITenantClock>();
        using (clock.Hold("shop-a", SecondOrder))
        {
            await Post(client, new CustomerEvent("hold-2", "hold-c1", EventType.OrderPlaced, SecondOrder) { OrderId = "o-2", Amount = 107.76m });
            Assert.True(clock.Now("shop-a") < SecondOrder);

            var shown = await Eventually.Get(
                () => client.GetFromJsonAsync<JsonElement>("/api/v1/customers/hold-c1", Ct),
                c => c.GetProperty("orders").GetInt32() == 2,
                what: "the second order applied");
            Assert.Equal(231.86m, shown.GetProperty("spend365").GetDecimal());
            Assert.True(shown.GetProperty("vip").GetBoolean(), $"not VIP at {EventTimeHost.VipMinSpend}: {shown}");

            // The projection row the lists read is written at the same instant.
            var vips = await Eventually.Get(
                () => client.GetFromJsonAsync<JsonElement>("/api/v1/customers?vip=true", Ct),
                list => Ids(list).Contains("hold-c1"),
                what: "the customer listed as VIP");
            Assert.Contains("hold-c1", Ids(vips));
        }
    }

    private static async Task Post(HttpClient client, CustomerEvent e)
    {
        using var content = new ByteArrayContent(EventJson.WriteBatch([e]));
        content.Headers.ContentType = new("application/json");
        var response = await client.PostAsync("/api/v1/events", content, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    private static List<string> Ids(JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()!)];
}
