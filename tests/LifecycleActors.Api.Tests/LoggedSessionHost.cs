using System.Security.Cryptography;
using LifecycleActors.Credentials;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The real silo logging JSON at Debug into <see cref="Log"/>, with every kind of secret configured: tenant API keys,
/// an agent and an admin with password hashes, the token signing key, and a seed campaign whose webhook (to
/// <see cref="Receiver"/>) is signed with a secret.
/// </summary>
public sealed class LoggedSessionHost : ApiHost
{
    public const string AgentPassword = "dora-password-never-logged";
    public const string AdminPassword = "olga-password-never-logged";

    public static readonly string AgentPasswordHash = PasswordHash.Create(AgentPassword);
    public static readonly string AdminPasswordHash = PasswordHash.Create(AdminPassword);
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private CapturedConsoleLog? _log;

    public CapturedConsoleLog Log => _log!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override IEnumerable<string> Arguments =>
    [
        "--Lifecycle:Agents:0:Username", "dora",
        "--Lifecycle:Agents:0:PasswordHash", AgentPasswordHash,
        "--Lifecycle:Agents:0:Tenant", "shop-a",
        "--Lifecycle:Agents:1:Username", "olga",
        "--Lifecycle:Agents:1:PasswordHash", AdminPasswordHash,
        "--Lifecycle:Agents:1:Tenant", "shop-a",
        "--Lifecycle:Agents:1:Role", "admin",
        "--Lifecycle:Auth:SigningKey", SigningKey,
        "--Lifecycle:Campaigns:AllowPrivateNetworks", "true",
        "--Lifecycle:Campaigns:PollInterval", "00:00:00.100",
        "--Lifecycle:Campaigns:RetryBaseDelay", "00:00:00.100",
        "--Lifecycle:Campaigns:MaxRetryDelay", "00:00:00.300",
        "--Lifecycle:Campaigns:MaxAttempts", "2",
        "--Lifecycle:Campaigns:Seeds:shop-a:Enabled:0", "welcome",
        "--Lifecycle:Campaigns:Seeds:shop-a:WebhookUrl", Receiver.Url.ToString(),
        "--Lifecycle:Campaigns:Seeds:shop-a:WebhookSecret", WebhookReceiver.Secret,
        "--Logging:Console:FormatterName", "json",
        "--Logging:LogLevel:Default", "Debug",
        "--Logging:LogLevel:Microsoft.AspNetCore", "Debug",
        "--Logging:LogLevel:Orleans", "Debug",
        "--Logging:LogLevel:Polly", "Debug",
        // The console itself stays quiet; the same formatter writes into Log.
        "--Logging:Console:LogLevel:Default", "None",
    ];

    public override async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(sp => _log = ActivatorUtilities.CreateInstance<CapturedConsoleLog>(sp));
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<CapturedConsoleLog>());
    }
}
