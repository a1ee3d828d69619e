namespace LifecycleActors.Connectors;

/// <summary>Shopify's customer topics: sign-ups, e-mail marketing consent, checkouts, and the privacy (compliance) topics.</summary>
internal static class ShopifyCustomers
{
    /// <summary><c>customers/create</c>: <c>signup</c>.</summary>
    public static MappingResult Signup(string topic, PayloadNode customer, CustomerKeying keying)
    {
        var id = customer["id"].Id();
        var customerId = CustomerIds.Require(keying, ShopPlatform.Shopify, id, customer["email"].OptionalText(), customer["id"].Path, customer["email"].Path);
        return MappingResult.Mapped(topic, [new ConnectorEvent($"shopify:signup:{id}", customerId, ConnectorEventTypes.Signup, customer["created_at"].Time())]);
    }

    /// <summary>
    /// <c>checkouts/create</c>: <c>checkout_started</c> with the checkout's <c>total_price</c>, keyed by its
    /// <c>token</c>. A checkout without a customer id or an e-mail is anonymous and ignored.
    /// </summary>
    public static MappingResult Checkout(string topic, PayloadNode checkout, CustomerKeying keying)
    {
        var token = checkout["token"].Id();
        var customer = checkout["customer"];
        var email = checkout["email"].OptionalText() ?? customer["email"].OptionalText();
        if (keying.CustomerId(ShopPlatform.Shopify, customer["id"].OptionalId(), email) is not { } customerId)
        {
            return MappingResult.Ignore(topic, "anonymous checkout");
        }

        var value = checkout["total_price"].OptionalAmount();
        if (value < 0)
        {
            throw checkout["total_price"].Wrong("must be >= 0");
        }

        var started = new ConnectorEvent($"shopify:checkout:{token}", customerId, ConnectorEventTypes.CheckoutStarted, checkout["created_at"].Time())
        {
            Value = value,
        };
        return MappingResult.Mapped(topic, [started]);
    }

    /// <summary>
    /// <c>customers_email_marketing_consent/update</c>, <c>customers/email_marketing_consent_update</c> and
    /// <c>customers/update</c>: <c>unsubscribed</c> when the consent's state is <c>unsubscribed</c>, at its
    /// <c>consent_updated_at</c> (else the payload's <c>updated_at</c>), which is also part of the event id so that each
    /// unsubscription is one event however often it is received.
    /// </summary>
    /// <param name="updatedAt">The payload's own updated time, when it has one (<c>customers/update</c>).</param>
    public static MappingResult Consent(
        string topic, PayloadNode id, PayloadNode email, PayloadNode consent, PayloadNode? updatedAt, CustomerKeying keying)
    {
        var state = consent["state"].OptionalText();
        if (!string.Equals(state, "unsubscribed", StringComparison.OrdinalIgnoreCase))
        {
            return MappingResult.Ignore(topic, state is null ? "no e-mail marketing consent" : "not an unsubscription");
        }

        var platformId = id.Id();
        var customerId = CustomerIds.Require(keying, ShopPlatform.Shopify, platformId, email.OptionalText(), id.Path, email.Path);
        var changed = consent["consent_updated_at"];
        var at = changed.OptionalTime() ?? updatedAt?.OptionalTime() ?? throw changed.Wrong("is required");
        var unsubscribed = new ConnectorEvent($"shopify:unsubscribed:{platformId}:{Instants.Format(at)}", customerId, ConnectorEventTypes.Unsubscribed, at);
        return MappingResult.Mapped(topic, [unsubscribed]);
    }

    /// <summary>
    /// <c>customers/redact</c>, <c>customers/data_request</c>, <c>shop/redact</c>: a privacy request naming the customer
    /// as the connector keys them and by e-mail key, the request's id and the orders concerned. Ids only.
    /// </summary>
    public static MappingResult Privacy(string topic, PayloadNode request, CustomerKeying keying)
    {
        string? customerId = null;
        string? emailCustomerId = null;
        if (topic != "shop/redact")
        {
            var customer = request["customer"];
            var email = customer["email"].OptionalText();
            customerId = CustomerIds.Require(keying, ShopPlatform.Shopify, customer["id"].OptionalId(), email, customer["id"].Path, customer["email"].Path);
            emailCustomerId = email is null ? null : keying.EmailKey(email);
        }

        var orders = topic == "customers/data_request" ? request["orders_requested"] : request["orders_to_redact"];
        var orderIds = orders.Items().Select(order => order.Id()).ToList();
        var requestId = request["data_request"]["id"].OptionalId();
        return MappingResult.PrivacyRequested(topic, new PrivacyRequest(topic, customerId, emailCustomerId, requestId, orderIds));
    }
}
