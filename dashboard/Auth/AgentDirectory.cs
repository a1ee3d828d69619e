using LifecycleActors.Credentials;

namespace LifecycleActors.Dashboard.Auth;

/// <summary>The agents who may sign in, from configuration; validated at startup with the key at fault.</summary>
public sealed class AgentDirectory
{
    public const string BootstrapPasswordVariable = "LIFECYCLE_BOOTSTRAP_AGENT_PASSWORD";
    public const string BootstrapUsername = "admin";
    public const string BootstrapTenant = "default";

    // Compared against when the username is unknown, so timing does not tell which usernames exist.
    private static readonly string UnknownUserHash = PasswordHash.Create(Guid.NewGuid().ToString());

    private readonly Dictionary<string, AgentOptions> _agents;

    public AgentDirectory(IReadOnlyList<AgentOptions> agents)
    {
        for (var i = 0; i < agents.Count; i++)
        {
            var agent = agents[i];
            var problem = string.IsNullOrWhiteSpace(agent.Username) ? "Username: required"
                : !PasswordHash.IsWellFormed(agent.PasswordHash) ? "PasswordHash: not in pbkdf2-sha256$iterations$salt$hash form"
                : string.IsNullOrWhiteSpace(agent.Tenant) ? "Tenant: required"
                : agent.Role is not (AgentRoles.Agent or AgentRoles.Admin) ? $"Role: '{agent.Role}' must be '{AgentRoles.Agent}' or '{AgentRoles.Admin}'"
                : null;
            if (problem is not null)
            {
                throw new InvalidOperationException($"Lifecycle:Agents:{i}:{problem}");
            }
        }

        if (agents.GroupBy(a => a.Username, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"Lifecycle:Agents: username '{duplicate.Key}' appears more than once");
        }

        _agents = agents.ToDictionary(a => a.Username, StringComparer.Ordinal);
    }

    public int Count => _agents.Count;

    /// <summary>The configured agents plus the bootstrap admin when <see cref="BootstrapPasswordVariable"/> is set.</summary>
    public static AgentDirectory FromConfiguration(IReadOnlyList<AgentOptions> configured, string? bootstrapPassword)
    {
        var agents = configured.ToList();
        if (!string.IsNullOrEmpty(bootstrapPassword) && agents.All(a => a.Username != BootstrapUsername))
        {
            agents.Add(new AgentOptions
            {
                Username = BootstrapUsername,
                PasswordHash = PasswordHash.Create(bootstrapPassword),
                Tenant = BootstrapTenant,
                Role = AgentRoles.Admin,
            });
        }

        return new AgentDirectory(agents);
    }

    /// <summary>The agent whose credentials these are, or null.</summary>
    public AgentOptions? Authenticate(string username, string password)
    {
        var known = _agents.TryGetValue(username, out var agent);
        var valid = PasswordHash.Verify(password, known ? agent!.PasswordHash : UnknownUserHash);
        return known && valid ? agent : null;
    }
}
