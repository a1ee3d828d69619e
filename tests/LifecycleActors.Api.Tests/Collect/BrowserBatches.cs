using System.Text.Json;

namespace LifecycleActors.Api.Tests.Collect;

/// <summary>Browser batches as the snippet sends them (contract §9).</summary>
internal static class BrowserBatches
{
    public static readonly DateTimeOffset Recent = DateTimeOffset.UtcNow.AddMinutes(-5);

    public static object Visit(string id, string visitor, string path = "/") =>
        new { id, customerId = visitor, type = "visit", occurredAt = Recent, data = new { path } };

    public static object Of(string id, string visitor, string type, object? data = null) =>
        new { id, customerId = visitor, type, occurredAt = Recent, data = data ?? new { } };

    /// <summary>An identify as the snippet sends it: the anonymous id as customerId, the known customer and its proof in data.</summary>
    public static object Identify(string id, string visitor, string customerId, string userHash) =>
        new { id, customerId = visitor, type = "identify", occurredAt = Recent, data = new { customerId, userHash } };

    public static string Batch(params object[] events) => JsonSerializer.Serialize(events);
}
