namespace LifecycleActors.Connectors;

/// <summary>The contract §2 event types a connector maps platform payloads to.</summary>
public static class ConnectorEventTypes
{
    public const string OrderPlaced = "order_placed";
    public const string OrderRefunded = "order_refunded";
    public const string Signup = "signup";
    public const string Unsubscribed = "unsubscribed";
    public const string CheckoutStarted = "checkout_started";
}
