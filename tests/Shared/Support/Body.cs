using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LifecycleActors.Tests.Support;

/// <summary>Request bodies in the storefront event format (contract §2).</summary>
internal static class Body
{
    public static readonly DateTimeOffset Recent = DateTimeOffset.UtcNow.AddDays(-1);

    public static StringContent Of(params object[] events) => Raw(JsonSerializer.Serialize(events));

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static object Order(string id, string customerId, string orderId, decimal amount, DateTimeOffset? at = null) =>
        new { id, customerId, type = "order_placed", occurredAt = at ?? Recent, data = new { orderId, amount } };

    public static object Event(string id, string customerId, string type, DateTimeOffset? at = null, object? data = null) =>
        new { id, customerId, type, occurredAt = at ?? Recent, data = data ?? new { } };

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
}
