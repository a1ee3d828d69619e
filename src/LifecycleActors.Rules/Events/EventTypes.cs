using System.Collections.Frozen;

namespace LifecycleActors.Rules.Events;

/// <summary>Wire names and engagement weights of <see cref="EventType"/>.</summary>
public static class EventTypes
{
    private static readonly FrozenDictionary<string, EventType> ByWireName = new Dictionary<string, EventType>
    {
        ["visit"] = EventType.Visit,
        ["signup"] = EventType.Signup,
        ["cart_updated"] = EventType.CartUpdated,
        ["checkout_started"] = EventType.CheckoutStarted,
        ["order_placed"] = EventType.OrderPlaced,
        ["order_refunded"] = EventType.OrderRefunded,
        ["email_opened"] = EventType.EmailOpened,
        ["email_clicked"] = EventType.EmailClicked,
        ["review_submitted"] = EventType.ReviewSubmitted,
        ["referral_made"] = EventType.ReferralMade,
        ["social_share"] = EventType.SocialShare,
        ["nps_response"] = EventType.NpsResponse,
        ["support_contact"] = EventType.SupportContact,
        ["unsubscribed"] = EventType.Unsubscribed,
        ["identify"] = EventType.Identify,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<EventType, string> WireNames =
        ByWireName.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>All wire names, for error messages and documentation.</summary>
    public static IReadOnlyCollection<string> AllWireNames => ByWireName.Keys;

    public static bool TryParse(string wireName, out EventType type) => ByWireName.TryGetValue(wireName, out type);

    public static string ToWireName(this EventType type) => WireNames[type];

    /// <summary>The engagement weight of one event of this type (contract §2 table).</summary>
    public static int EngagementWeight(this EventType type) => type switch
    {
        EventType.Visit => 1,
        EventType.Signup => 2,
        EventType.CartUpdated => 2,
        EventType.CheckoutStarted => 3,
        EventType.OrderPlaced => 5,
        EventType.OrderRefunded => 0,
        EventType.EmailOpened => 1,
        EventType.EmailClicked => 2,
        EventType.ReviewSubmitted => 3,
        EventType.ReferralMade => 4,
        EventType.SocialShare => 3,
        EventType.NpsResponse => 2,
        EventType.SupportContact => 1,
        EventType.Unsubscribed => 0,
        EventType.Identify => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown event type"),
    };
}
