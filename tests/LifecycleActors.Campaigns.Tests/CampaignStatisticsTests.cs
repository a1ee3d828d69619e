using LifecycleActors.Campaigns;

namespace LifecycleActors.Campaigns.Tests;

/// <summary>Conversions, lift and attributed revenue on a constructed scenario whose answer is worked out by hand.</summary>
public sealed class CampaignStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly CampaignDefinition WinBack = new(
        "win-back", "Win-back", new("stage", "lapsed"), CampaignFilters.None, TimeSpan.Zero,
        new(CampaignAction.Webhook, new Uri("https://hooks.example.com/x"), "0123456789abcdef", "t", null),
        null, null, 20, ConversionDays: 30, AttributionDays: 30, ExitOnOrder: false);

    [Fact]
    public void Lift_compares_the_treated_conversion_rate_with_the_holdouts()
    {
        // 8 treated (6 sent, 1 suppressed, 1 dead-lettered), 2 held out. Treated conversions: s1, s2, s3 (s4 ordered too
        // late, s5 before entering), x1 (suppressed, still treated): 4 of 8 = 0.5. Held out: h1 of 2 = 0.5 → lift 0.
        // With h1's order too late instead, the control rate is 0 and the lift undefined.
        var entries = new List<EntryOutcome>
        {
            new("s1", T0, EntryStatus.Sent), new("s2", T0, EntryStatus.Sent), new("s3", T0, EntryStatus.Sent),
            new("s4", T0, EntryStatus.Sent), new("s5", T0, EntryStatus.Sent), new("s6", T0, EntryStatus.Sent),
            new("x1", T0, EntryStatus.Suppressed), new("d1", T0, EntryStatus.DeadLettered),
            new("h1", T0, EntryStatus.Holdout), new("h2", T0, EntryStatus.Holdout),
        };
        var orders = new List<CustomerOrder>
        {
            new("s1", T0.AddDays(1), 100m), new("s1", T0.AddDays(2), 50m), new("s2", T0.AddDays(29), 10m),
            new("s3", T0.AddDays(30), 20m), new("s4", T0.AddDays(31), 999m), new("s5", T0.AddDays(-1), 999m),
            new("x1", T0.AddDays(3), 40m), new("h1", T0.AddDays(5), 70m),
        };

        var stats = CampaignStats.Compute(WinBack, entries, orders);

        Assert.Equal((10, 6, 1, 2), (stats.Entered, stats.Sent, stats.Suppressed, stats.Holdout));
        Assert.Equal((4, 1), (stats.Converted, stats.ConvertedHoldout));
        Assert.Equal(0.5, stats.ConversionRate);
        Assert.Equal(0.5, stats.HoldoutConversionRate);
        Assert.Equal(0.0, stats.Lift);
        Assert.Equal(180m, stats.AttributedRevenue); // s1 150 + s2 10 + s3 20; suppressed and held-out orders are not attributed
        Assert.Equal(1, stats.DeadLettered);

        var lateControl = CampaignStats.Compute(WinBack, entries, [.. orders.Where(o => o.CustomerId != "h1"), new("h1", T0.AddDays(40), 70m)]);
        Assert.Equal(0.0, lateControl.HoldoutConversionRate);
        Assert.Null(lateControl.Lift);

        var betterTreated = CampaignStats.Compute(WinBack, entries, [.. orders, new("s6", T0.AddDays(2), 5m), new("d1", T0.AddDays(2), 5m)]);
        Assert.Equal(0.75, betterTreated.ConversionRate);
        Assert.Equal(0.5, betterTreated.Lift!.Value, 10); // (0.75 − 0.5) / 0.5
    }
}
