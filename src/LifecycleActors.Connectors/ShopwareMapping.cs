namespace LifecycleActors.Connectors;

/// <summary>Shopware's events (<c>data.event</c>) and what each maps to; the entity is <c>data.payload.{key}</c>.</summary>
internal static class ShopwareMapping
{
    public static MappingResult Map(string topic, PayloadNode envelope, CustomerKeying keying)
    {
        var payload = envelope["data"]["payload"];
        return topic switch
        {
            "checkout.order.placed" or "state_enter.order_transaction.state.paid" => ShopwareOrders.Placed(topic, payload["order"], keying),
            "state_enter.order_transaction.state.refunded" => ShopwareOrders.Refunded(topic, payload["order"], envelope["timestamp"], keying),

            // The order in the payload does not say how much of a transaction was refunded (the amount lives in the
            // refund entity, only readable through the Admin API), so a partial refund cannot be mapped from the webhook.
            "state_enter.order_transaction.state.refunded_partially" => MappingResult.Ignore(topic, "partial refund amount not in the webhook"),
            "checkout.customer.register" => ShopwareCustomers.Signup(topic, payload["customer"], keying),
            "newsletter.unsubscribe" => ShopwareCustomers.Unsubscribed(topic, payload["newsletterRecipient"], envelope["timestamp"], keying),
            _ => MappingResult.Ignore(topic, "topic not used"),
        };
    }
}
