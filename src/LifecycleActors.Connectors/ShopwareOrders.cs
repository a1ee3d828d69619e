namespace LifecycleActors.Connectors;

/// <summary>Shopware's order events: the payload is the whole order (<c>data.payload.order</c>) with its associations.</summary>
internal static class ShopwareOrders
{
    /// <summary>
    /// <c>checkout.order.placed</c> and <c>state_enter.order_transaction.state.paid</c>: <c>order_placed</c> under one
    /// event id, with the gross <c>amountTotal</c> (a JSON number read as a decimal) and <c>currency.isoCode</c>.
    /// </summary>
    public static MappingResult Placed(string topic, PayloadNode order, CustomerKeying keying)
    {
        var orderId = order["id"].Id();
        var amount = order["amountTotal"].Amount();
        if (amount < 0)
        {
            throw order["amountTotal"].Wrong("must be >= 0");
        }

        var placed = new ConnectorEvent($"shopware:order:{orderId}", Customer(order, keying), ConnectorEventTypes.OrderPlaced, order["orderDateTime"].Time())
        {
            OrderId = orderId,
            Amount = amount,
            Currency = order["currency"]["isoCode"].OptionalText(),
        };
        return MappingResult.Mapped(topic, [placed]);
    }

    /// <summary>
    /// <c>state_enter.order_transaction.state.refunded</c>: one <c>order_refunded</c> per transaction whose state is
    /// <c>refunded</c> (when the payload has the transactions' states), else for the order's single transaction; the
    /// amount is the transaction's <c>amount.totalPrice</c> (the order's <c>amountTotal</c> when a single transaction has
    /// none). The payload does not say when the refund happened: the envelope's signed timestamp is used.
    /// </summary>
    public static MappingResult Refunded(string topic, PayloadNode order, PayloadNode timestamp, CustomerKeying keying)
    {
        var orderId = order["id"].Id();
        var transactions = order["transactions"].Items().ToList();
        if (transactions.Count == 0)
        {
            throw order["transactions"].Wrong("must list the refunded transaction");
        }

        var refunded = transactions.Where(t => string.Equals(t["stateMachineState"]["technicalName"].OptionalText(), "refunded", StringComparison.Ordinal)).ToList();
        if (refunded.Count == 0)
        {
            if (transactions.Count > 1)
            {
                return MappingResult.Ignore(topic, "refunded transaction not identifiable");
            }

            refunded = transactions;
        }

        var customerId = Customer(order, keying);
        var at = timestamp.UnixTime();
        var events = new List<ConnectorEvent>();
        foreach (var transaction in refunded)
        {
            var transactionId = transaction["id"].Id();
            var price = transaction["amount"]["totalPrice"];
            var amount = transactions.Count == 1 && price.IsAbsent ? order["amountTotal"].Amount() : price.Amount();
            if (amount < 0)
            {
                throw (price.IsAbsent ? order["amountTotal"] : price).Wrong("must be >= 0");
            }

            if (amount > 0)
            {
                events.Add(new ConnectorEvent($"shopware:refund:{orderId}:{transactionId}", customerId, ConnectorEventTypes.OrderRefunded, at)
                {
                    OrderId = orderId,
                    Amount = amount,
                });
            }
        }

        return events.Count > 0 ? MappingResult.Mapped(topic, events) : MappingResult.Ignore(topic, "nothing refunded");
    }

    /// <summary>
    /// <c>orderCustomer.customerId</c>, unless <c>orderCustomer.customer.guest</c> is true: Shopware makes a new customer
    /// row for every guest checkout, so a guest is keyed by <c>orderCustomer.email</c> instead.
    /// </summary>
    private static string Customer(PayloadNode order, CustomerKeying keying)
    {
        var orderCustomer = order["orderCustomer"];
        var guest = orderCustomer["customer"]["guest"].OptionalBool() == true;
        var idNode = orderCustomer["customerId"];
        var email = orderCustomer["email"];
        return guest
            ? CustomerIds.Require(keying, ShopPlatform.Shopware, null, email.OptionalText(), email.Path, email.Path)
            : CustomerIds.Require(keying, ShopPlatform.Shopware, idNode.OptionalId(), email.OptionalText(), idNode.Path, email.Path);
    }
}
