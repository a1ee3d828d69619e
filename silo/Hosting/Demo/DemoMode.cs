using System.Security.Cryptography;
using LifecycleActors.Credentials;
using LifecycleActors.Dashboard.Auth;
using LifecycleActors.Grains.Time;
using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Silo.Hosting.Demo;

/// <summary>
/// <c>--demo</c>: generated storefront traffic under an accelerated event-time clock, in its own database
/// (<c>data/demo/</c>), so the dashboard moves within seconds and real data is never mixed with generated data. Signs
/// in as agent <c>admin</c>; without a configured password one is generated into <c>data/demo/agent-password</c>. The
/// shop is tenant <c>default</c>, with the bootstrap key or one generated into <c>data/demo/default-api-key</c>.
/// </summary>
public sealed record DemoMode(string AgentPassword, string DataDirectory)
{
    public const string Switch = "--demo";

    /// <summary>Removes <c>--demo</c> from the arguments; true if it was there.</summary>
    public static bool TakeSwitch(ref string[] args)
    {
        var found = args.Contains(Switch, StringComparer.Ordinal);
        args = [.. args.Where(a => !string.Equals(a, Switch, StringComparison.Ordinal))];
        return found;
    }

    /// <summary>Points the service at the demo database and clock, and makes sure an agent can sign in.</summary>
    public static DemoMode Configure(ConfigurationManager configuration, string dataDirectory)
    {
        var demoDirectory = Path.Combine(dataDirectory, "demo");
        Directory.CreateDirectory(demoDirectory);
        var password = configuration[AgentDirectory.BootstrapPasswordVariable] is { Length: > 0 } configured
            ? configured
            : ReadOrCreateSecret(Path.Combine(demoDirectory, "agent-password"));
        var overrides = new Dictionary<string, string?>
        {
            ["Lifecycle:Clock"] = ClockModes.EventTime,
            [AgentDirectory.BootstrapPasswordVariable] = password,
            // The demo shop is tenant "default", whatever else is configured.
            [TenantConfiguration.BootstrapVariable] = configuration[TenantConfiguration.BootstrapVariable] is { Length: > 0 } key
                ? key
                : ReadOrCreateSecret(Path.Combine(demoDirectory, "default-api-key")),
            // Predictions and the VIP threshold show up within a minute instead of ten.
            ["Lifecycle:Model:RefitInterval"] = configuration["Lifecycle:Model:RefitInterval"] ?? "00:01:00",
        };
        // The agents' work queue fills as VIPs are made and slip (task campaigns need no webhook).
        if (!configuration.GetSection("Lifecycle:Campaigns:Seeds").Exists())
        {
            overrides["Lifecycle:Campaigns:Seeds:default:Enabled:0"] = "vip-thank-you-call";
            overrides["Lifecycle:Campaigns:Seeds:default:Enabled:1"] = "vip-at-risk-call";
        }

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Lifecycle")))
        {
            overrides["ConnectionStrings:Lifecycle"] = $"Data Source={Path.Combine(demoDirectory, "lifecycle.db")};Pooling=True;Default Timeout=30";
        }

        configuration.AddInMemoryCollection(overrides);
        return new DemoMode(password, demoDirectory);
    }

    private static string ReadOrCreateSecret(string file) =>
        SecretFile.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y'));
}
