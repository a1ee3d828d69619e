using LifecycleActors.Delivery;
using LifecycleActors.Grains.Campaigns;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Hosting;

/// <summary>The campaigns' services on a silo: the directory cache, webhook delivery, the actions.</summary>
public static class CampaignRegistration
{
    public static IServiceCollection AddLifecycleCampaigns(this IServiceCollection services, CampaignOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<CampaignDirectory>();
        services.AddHostedService<CampaignSeeder>();
        services.AddHostedService<CampaignDirectoryRefresher>();
        services.AddSingleton(new RetrySchedule { MaxAttempts = options.MaxAttempts, BaseDelay = options.RetryBaseDelay, MaxDelay = options.MaxRetryDelay });
        services.AddSingleton(_ => new WebhookSender(
            WebhookHttpClient.Create(options.AllowPrivateNetworks), new WebhookSenderOptions { AttemptTimeout = options.WebhookTimeout }));
        services.AddSingleton<CampaignActions>();
        return services;
    }
}
