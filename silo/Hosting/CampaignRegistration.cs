using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Webhooks;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Hosting;

/// <summary>The campaigns' services on a silo: the options, the directory cache, webhook sending, the actions.</summary>
public static class CampaignRegistration
{
    public static IServiceCollection AddLifecycleCampaigns(this IServiceCollection services)
    {
        services.AddValidatedOptions<CampaignOptions>("Lifecycle:Campaigns", o => o.Validate());
        services.AddSingleton<CampaignDirectory>();
        services.AddHostedService<CampaignSeeder>();
        services.AddHostedService<CampaignDirectoryRefresher>();
        services.AddSingleton(sp => RetrySchedule(sp.GetRequiredService<IOptions<CampaignOptions>>().Value));
        services.AddSingleton(sp => WebhookSender(sp.GetRequiredService<IOptions<CampaignOptions>>().Value));
        services.AddSingleton<CampaignActions>();
        return services;
    }

    private static RetrySchedule RetrySchedule(CampaignOptions options) =>
        new() { MaxAttempts = options.MaxAttempts, BaseDelay = options.RetryBaseDelay, MaxDelay = options.MaxRetryDelay };

    private static WebhookSender WebhookSender(CampaignOptions options) =>
        new(WebhookHttpClient.Create(options.AllowPrivateNetworks), new WebhookSenderOptions { AttemptTimeout = options.WebhookTimeout });
}
