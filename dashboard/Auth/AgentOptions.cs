namespace LifecycleActors.Dashboard.Auth;

/// <summary>An agent as configured under <c>Lifecycle:Agents</c>.</summary>
public sealed class AgentOptions
{
    public string Username { get; set; } = "";

    /// <summary>In <see cref="Credentials.PasswordHash"/> format (<c>pbkdf2-sha256$iterations$salt$hash</c>).</summary>
    public string PasswordHash { get; set; } = "";

    public string Tenant { get; set; } = "";

    /// <summary><c>agent</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = AgentRoles.Agent;
}

/// <summary>Agent roles.</summary>
public static class AgentRoles
{
    public const string Agent = "agent";
    public const string Admin = "admin";
}
