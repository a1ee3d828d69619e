namespace LifecycleActors.Connectors;

/// <summary>How a connector names a shop's customer in the events it maps.</summary>
public enum CustomerKeyMode
{
    /// <summary><c>platform-id</c>: the platform's customer id; guests (no id) by the salted hash of their e-mail.</summary>
    PlatformId,

    /// <summary><c>email-hash</c>: always the salted hash of the lower-cased e-mail.</summary>
    EmailHash,
}

/// <summary>The modes' names on the wire and in configuration: <c>platform-id</c>, <c>email-hash</c>.</summary>
public static class CustomerKeyModeNames
{
    public static string Name(this CustomerKeyMode mode) => mode == CustomerKeyMode.EmailHash ? "email-hash" : "platform-id";

    public static bool TryParse(string? name, out CustomerKeyMode mode)
    {
        switch (name)
        {
            case "platform-id":
                mode = CustomerKeyMode.PlatformId;
                return true;
            case "email-hash":
                mode = CustomerKeyMode.EmailHash;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}
