using LifecycleActors.Campaigns;
using LifecycleActors.Storage.Campaigns;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Creates the seed campaigns a tenant switched on (<c>Lifecycle:Campaigns:Seeds:{tenant}</c>: <c>Enabled</c>,
/// <c>WebhookUrl</c>, <c>WebhookSecret</c>) at start, before the campaign directory is loaded. A campaign that exists
/// already (by id) is left as it is, so an administrator's pause or change survives restarts.
/// </summary>
public sealed partial class CampaignSeeder(IConfiguration configuration, ICampaignStore store, TimeProvider time, ILogger<CampaignSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in configuration.GetSection("Lifecycle:Campaigns:Seeds").GetChildren())
        {
            foreach (var campaign in Read(tenant))
            {
                if (await store.CreateAsync(new StoredCampaign(tenant.Key, campaign.Id, CampaignJson.ToStored(campaign), false, time.GetUtcNow()), cancellationToken))
                {
                    LogSeeded(logger, campaign.Id, tenant.Key);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The seed campaigns of one tenant's section; a bad section stops the service with the key at fault.</summary>
    public static IReadOnlyList<CampaignDefinition> Read(IConfigurationSection tenant)
    {
        var prefix = $"Lifecycle:Campaigns:Seeds:{tenant.Key}";
        var names = tenant.GetSection("Enabled").Get<string[]>() ?? [];
        var needsWebhook = names.Any(n => SeedCampaigns.Create(n, new Uri("https://example.invalid"), "x")?.Action.IsMessage == true);
        Uri? url = null;
        var secret = tenant["WebhookSecret"] ?? "";
        if (needsWebhook)
        {
            if (!Uri.TryCreate(tenant["WebhookUrl"], UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{prefix}:WebhookUrl: an absolute http or https URL is required by the enabled message campaigns");
            }

            if (secret.Length < 16)
            {
                throw new InvalidOperationException($"{prefix}:WebhookSecret: at least 16 characters");
            }
        }

        return names.Select(name => SeedCampaigns.Create(name, url ?? new Uri("https://example.invalid"), secret)
            ?? throw new InvalidOperationException($"{prefix}:Enabled: '{name}' is not a seed campaign; use {string.Join(", ", SeedCampaigns.Names)}")).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed campaign {Campaign} created for tenant {Tenant}")]
    private static partial void LogSeeded(ILogger logger, string campaign, string tenant);
}
