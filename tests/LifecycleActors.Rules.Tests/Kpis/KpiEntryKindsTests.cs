using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Rules.Tests.Kpis;

public sealed class KpiEntryKindsTests
{
    [Theory]
    [InlineData("order_placed")]
    [InlineData("order_refunded")]
    [InlineData("nps_response")]
    [InlineData("identify")]
    [InlineData("history_summary")]
    [InlineData("a_type_added_later")]
    public void Entries_the_KPIs_read_for_more_than_their_time_always_recompute_their_customer(string type) =>
        Assert.False(KpiEntryKinds.CountsOnlyItsTime(type));

    [Fact]
    public void Every_other_event_type_is_read_only_for_its_time()
    {
        var timeOnly = EventTypes.AllWireNames.Where(KpiEntryKinds.CountsOnlyItsTime).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["cart_updated", "checkout_started", "email_clicked", "email_opened", "referral_made", "review_submitted", "signup", "social_share", "support_contact", "unsubscribed", "visit"],
            timeOnly);
    }
}
