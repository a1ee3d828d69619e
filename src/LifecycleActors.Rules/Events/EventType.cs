namespace LifecycleActors.Rules.Events;

/// <summary>The customer event types of the storefront contract (contract §2).</summary>
public enum EventType
{
    Visit,
    Signup,
    CartUpdated,
    CheckoutStarted,
    OrderPlaced,
    OrderRefunded,
    EmailOpened,
    EmailClicked,
    ReviewSubmitted,
    ReferralMade,
    SocialShare,
    NpsResponse,
    SupportContact,
    Unsubscribed,

    /// <summary>Links an anonymous visitor id to a known customer (contract §2, Identity); no rule effect of its own.</summary>
    Identify,
}
