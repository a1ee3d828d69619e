using LifecycleActors.Rules.Events;

namespace LifecycleActors.Rules.Kpis;

/// <summary>What a logged entry of each type can change in its customer's KPI cells (<see cref="KpiCells"/>).</summary>
public static class KpiEntryKinds
{
    /// <summary>
    /// True for an event type whose entries the KPIs read only for their time, as the customer's activity: such an
    /// entry changes its customer's cells only when it is the customer's earliest entry (it moves the day the
    /// customer joins the stage mix). False for orders, refunds and NPS answers (counted themselves), identify (it
    /// links ids, and so whose entries count for whom), and any other name (a history summary, a type added later),
    /// which are always recomputed.
    /// </summary>
    public static bool CountsOnlyItsTime(string type) =>
        EventTypes.TryParse(type, out var parsed) && parsed switch
        {
            EventType.Visit or EventType.Signup or EventType.CartUpdated or EventType.CheckoutStarted
                or EventType.EmailOpened or EventType.EmailClicked or EventType.ReviewSubmitted or EventType.ReferralMade
                or EventType.SocialShare or EventType.SupportContact or EventType.Unsubscribed => true,
            _ => false,
        };
}
