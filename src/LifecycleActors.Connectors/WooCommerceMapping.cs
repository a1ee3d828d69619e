namespace LifecycleActors.Connectors;

/// <summary>WooCommerce's order and customer payloads (REST v3). Times are the <c>*_gmt</c> fields, which state no zone: UTC.</summary>
internal static class WooCommerceMapping
{
    /// <summary>Statuses of an order that has been placed (paid, or awaiting an offline payment, or refunded since).</summary>
    private static readonly HashSet<string> PlacedStatuses = new(StringComparer.OrdinalIgnoreCase) { "processing", "completed", "on-hold", "refunded" };

    /// <summary>
    /// <c>order.created</c> and <c>order.updated</c> (a guest has <c>customer_id</c> 0 and is keyed by <c>billing.email</c>): <c>order_placed</c> once the order is placed (by status, or paid at
    /// all), and one <c>order_refunded</c> per refund it lists (their totals are negative strings). The same order in
    /// either topic, or received again, maps to the same event ids.
    /// </summary>
    public static MappingResult Order(string topic, PayloadNode order, CustomerKeying keying)
    {
        var orderId = order["id"].Id();
        var status = order["status"].OptionalText();
        var placed = (status is not null && PlacedStatuses.Contains(status)) || order["date_paid_gmt"].OptionalUtcTime() is not null;
        var refunds = order["refunds"].Items().ToList();
        if (!placed && refunds.Count == 0)
        {
            return MappingResult.Ignore(topic, "order not paid");
        }

        var customerNode = order["customer_id"];
        var guest = customerNode.OptionalId() == "0";
        var email = order["billing"]["email"];
        var customerId = guest
            ? CustomerIds.Require(keying, ShopPlatform.WooCommerce, null, email.OptionalText(), email.Path, email.Path)
            : CustomerIds.Require(keying, ShopPlatform.WooCommerce, customerNode.OptionalId(), email.OptionalText(), customerNode.Path, email.Path);

        var events = new List<ConnectorEvent>();
        if (placed)
        {
            var amount = order["total"].Amount();
            if (amount < 0)
            {
                throw order["total"].Wrong("must be >= 0");
            }

            events.Add(new ConnectorEvent($"woocommerce:order:{orderId}", customerId, ConnectorEventTypes.OrderPlaced, order["date_created_gmt"].UtcTime())
            {
                OrderId = orderId,
                Amount = amount,
                Currency = order["currency"].OptionalText(),
            });
        }

        foreach (var refund in refunds)
        {
            var refundId = refund["id"].Id();
            var amount = Math.Abs(refund["total"].Amount());
            if (amount == 0)
            {
                continue;
            }

            events.Add(new ConnectorEvent($"woocommerce:refund:{refundId}", customerId, ConnectorEventTypes.OrderRefunded, order["date_modified_gmt"].UtcTime())
            {
                OrderId = orderId,
                Amount = amount,
            });
        }

        return events.Count > 0 ? MappingResult.Mapped(topic, events) : MappingResult.Ignore(topic, "nothing refunded");
    }

    /// <summary><c>customer.created</c>: <c>signup</c>.</summary>
    public static MappingResult Signup(string topic, PayloadNode customer, CustomerKeying keying)
    {
        var id = customer["id"].Id();
        var email = customer["email"];
        var customerId = CustomerIds.Require(keying, ShopPlatform.WooCommerce, id, email.OptionalText(), customer["id"].Path, email.Path);
        return MappingResult.Mapped(topic, [new ConnectorEvent($"woocommerce:signup:{id}", customerId, ConnectorEventTypes.Signup, customer["date_created_gmt"].UtcTime())]);
    }
}
