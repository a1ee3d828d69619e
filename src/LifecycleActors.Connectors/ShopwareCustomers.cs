namespace LifecycleActors.Connectors;

/// <summary>Shopware's customer and newsletter events.</summary>
internal static class ShopwareCustomers
{
    /// <summary><c>checkout.customer.register</c>: <c>signup</c>, unless the account is a guest's.</summary>
    public static MappingResult Signup(string topic, PayloadNode customer, CustomerKeying keying)
    {
        if (customer["guest"].OptionalBool() == true)
        {
            return MappingResult.Ignore(topic, "guest account");
        }

        var id = customer["id"].Id();
        var email = customer["email"];
        var customerId = CustomerIds.Require(keying, ShopPlatform.Shopware, id, email.OptionalText(), customer["id"].Path, email.Path);
        return MappingResult.Mapped(topic, [new ConnectorEvent($"shopware:signup:{id}", customerId, ConnectorEventTypes.Signup, customer["createdAt"].Time())]);
    }

    /// <summary>
    /// <c>newsletter.unsubscribe</c>: <c>unsubscribed</c> for the recipient's e-mail key (in platform-id mode for
    /// <c>newsletterRecipient.customerId</c> when there is one). The event id holds the recipient's id and its
    /// <c>confirmedAt</c> (else <c>updatedAt</c>, else the envelope's timestamp), so one subscription's end is one event;
    /// it happened at <c>updatedAt</c> (the row changes when the recipient unsubscribes), else at the timestamp.
    /// </summary>
    public static MappingResult Unsubscribed(string topic, PayloadNode recipient, PayloadNode timestamp, CustomerKeying keying)
    {
        var id = recipient["id"].Id();
        var email = recipient["email"];
        var customerId = CustomerIds.Require(keying, ShopPlatform.Shopware, recipient["customerId"].OptionalId(), email.OptionalText(), email.Path, email.Path);
        var updatedAt = recipient["updatedAt"].OptionalTime();
        var at = updatedAt ?? timestamp.UnixTime();
        var version = recipient["confirmedAt"].OptionalTime() ?? at;
        var unsubscribed = new ConnectorEvent($"shopware:unsubscribed:{id}:{Instants.Format(version)}", customerId, ConnectorEventTypes.Unsubscribed, at);
        return MappingResult.Mapped(topic, [unsubscribed]);
    }
}
