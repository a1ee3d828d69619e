using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Api.Tests.Segments;

/// <summary>Read-model rows of cold customers for the segment tests, written straight through the read-model writer.</summary>
internal static class SegmentRows
{
    /// <summary>A customer with <paramref name="orders"/> orders, the last <paramref name="daysSinceLastOrder"/> days before <paramref name="now"/>.</summary>
    public static CustomerRow Cold(string tenant, string id, string stage, bool vip, decimal netSpend, int orders, int daysSinceLastOrder, DateTimeOffset now)
    {
        var profile = new CustomerProfile
        {
            CustomerId = id,
            Stage = stage,
            Vip = vip,
            Orders = orders,
            NetSpend = netSpend,
            Spend365 = netSpend,
            LastOrderAt = now.AddDays(-daysSinceLastOrder),
            Temperature = "cold",
            UpdatedAt = now,
            EventsApplied = orders,
        };
        return new CustomerRow(
            tenant, id, stage, vip, false, netSpend, netSpend, orders, 0, 0, null, now, JsonSerializer.Serialize(profile, WireJson.Options), PopulationInputs.None);
    }
}
