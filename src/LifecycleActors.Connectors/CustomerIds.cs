namespace LifecycleActors.Connectors;

/// <summary>The customer of an event that needs one, or an Unmappable naming the field that should have named it.</summary>
internal static class CustomerIds
{
    /// <param name="idField">The path of the platform's customer id (named in platform-id mode).</param>
    /// <param name="emailField">The path of the e-mail (named in email-hash mode, where only the e-mail can key).</param>
    public static string Require(CustomerKeying keying, ShopPlatform platform, string? platformCustomerId, string? email, string idField, string emailField) =>
        keying.CustomerId(platform, platformCustomerId, email)
        ?? throw (keying.Mode == CustomerKeyMode.EmailHash
            ? new PayloadException(emailField, "is required (customers are keyed by e-mail)")
            : new PayloadException(idField, "is required (no customer id and no e-mail)"));
}
