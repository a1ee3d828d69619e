namespace LifecycleActors.Connectors;

/// <summary>Shopify's order and refund topics.</summary>
internal static class ShopifyOrders
{
    /// <summary>Financial states of an order that is not (or no longer) paid: an update in such a state places nothing.</summary>
    private static readonly HashSet<string> UnpaidStates = new(StringComparer.OrdinalIgnoreCase) { "pending", "authorized", "voided" };

    /// <summary>
    /// <c>orders/create</c>, <c>orders/paid</c>, <c>orders/updated</c>: <c>order_placed</c> with the original gross
    /// <c>total_price</c>, under the same event id for every topic; <c>orders/updated</c> also carries the order's
    /// refunds, mapped like <c>refunds/create</c> but with the order's customer.
    /// </summary>
    public static MappingResult Order(string topic, PayloadNode order, CustomerKeying keying)
    {
        var orderId = order["id"].Id();
        if (order["test"].OptionalBool() == true)
        {
            return MappingResult.Ignore(topic, "test order");
        }

        var customerId = Customer(order, keying);
        var events = new List<ConnectorEvent>();
        var updated = topic == "orders/updated";
        var unpaid = updated && order["financial_status"].OptionalText() is { } state && UnpaidStates.Contains(state);
        if (!unpaid)
        {
            var amount = order["total_price"].Amount();
            if (amount < 0)
            {
                throw order["total_price"].Wrong("must be >= 0");
            }

            events.Add(new ConnectorEvent($"shopify:order:{orderId}", customerId, ConnectorEventTypes.OrderPlaced, order["created_at"].Time())
            {
                OrderId = orderId,
                Amount = amount,
                Currency = order["currency"].OptionalText(),
            });
        }

        if (updated)
        {
            foreach (var refund in order["refunds"].Items())
            {
                if (RefundEvent(refund, orderId, customerId) is { } refunded)
                {
                    events.Add(refunded);
                }
            }
        }

        return events.Count > 0 ? MappingResult.Mapped(topic, events) : MappingResult.Ignore(topic, "order not paid");
    }

    /// <summary>
    /// <c>refunds/create</c>: <c>order_refunded</c> without a customer (the payload names only the order; the silo
    /// resolves the order's customer).
    /// </summary>
    public static MappingResult Refund(string topic, PayloadNode refund)
    {
        var orderId = refund["order_id"].Id();
        return RefundEvent(refund, orderId, null) is { } refunded
            ? MappingResult.Mapped(topic, [refunded])
            : MappingResult.Ignore(topic, "nothing refunded");
    }

    /// <summary>The refund's event, or null when it refunded nothing (no successful refund transaction).</summary>
    private static ConnectorEvent? RefundEvent(PayloadNode refund, string orderId, string? customerId)
    {
        var refundId = refund["id"].Id();
        var amount = 0m;
        foreach (var transaction in refund["transactions"].Items())
        {
            if (string.Equals(transaction["kind"].OptionalText(), "refund", StringComparison.OrdinalIgnoreCase)
                && string.Equals(transaction["status"].OptionalText(), "success", StringComparison.OrdinalIgnoreCase))
            {
                var value = transaction["amount"].Amount();
                if (value < 0 || value > decimal.MaxValue - amount)
                {
                    throw transaction["amount"].Wrong(value < 0 ? "must be >= 0" : "too large");
                }

                amount += value;
            }
        }

        if (amount == 0)
        {
            return null;
        }

        return new ConnectorEvent($"shopify:refund:{refundId}", customerId, ConnectorEventTypes.OrderRefunded, refund["created_at"].Time())
        {
            OrderId = orderId,
            Amount = amount,
        };
    }

    /// <summary>The order's customer: <c>customer.id</c>, else the guest's e-mail (<c>email</c>, <c>contact_email</c>, <c>customer.email</c>).</summary>
    private static string Customer(PayloadNode order, CustomerKeying keying)
    {
        var customer = order["customer"];
        var email = order["email"].OptionalText() ?? order["contact_email"].OptionalText() ?? customer["email"].OptionalText();
        return CustomerIds.Require(keying, ShopPlatform.Shopify, customer["id"].OptionalId(), email, customer["id"].Path, order["email"].Path);
    }
}
