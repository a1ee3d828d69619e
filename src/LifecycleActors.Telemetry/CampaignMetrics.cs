using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>Campaigns: entries, sends and their outcomes, suppressions, webhook latency, retries and dead letters.</summary>
public sealed class CampaignMetrics
{
    public const string MeterName = "LifecycleActors.Campaigns";

    private readonly Counter<long> _entries;
    private readonly Counter<long> _sends;
    private readonly Counter<long> _suppressions;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _webhook;

    public CampaignMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _entries = meter.CreateCounter<long>("lifecycle.campaign.entries", "{entry}", "Customers entering a campaign.");
        _sends = meter.CreateCounter<long>("lifecycle.campaign.sends", "{send}", "Campaign messages sent, by outcome (delivered, failed).");
        _suppressions = meter.CreateCounter<long>("lifecycle.campaign.suppressions", "{entry}", "Entries not sent, by reason (holdout, quiet hours, consent, frequency cap).");
        _retries = meter.CreateCounter<long>("lifecycle.campaign.webhook.retries", "{attempt}", "Webhook attempts scheduled again after a failure.");
        _deadLetters = meter.CreateCounter<long>("lifecycle.campaign.dead_letters", "{entry}", "Entries given up after the last attempt.");
        _webhook = meter.CreateHistogram("lifecycle.campaign.webhook.duration", "s", "How long one webhook attempt takes, by outcome.", advice: DurationBuckets.Short);
    }

    public void Entered(string tenant, string campaign) => _entries.Add(1, Tags(tenant, campaign));

    public void Sent(string tenant, string campaign, string outcome) => _sends.Add(1, Tags(tenant, campaign, TelemetryTags.Outcome, outcome));

    public void Suppressed(string tenant, string campaign, string reason) => _suppressions.Add(1, Tags(tenant, campaign, TelemetryTags.Reason, reason));

    public void Retried(string tenant, string campaign) => _retries.Add(1, Tags(tenant, campaign));

    public void DeadLettered(string tenant, string campaign) => _deadLetters.Add(1, Tags(tenant, campaign));

    public void WebhookAttempt(string tenant, string campaign, string outcome, TimeSpan took) =>
        _webhook.Record(took.TotalSeconds, Tags(tenant, campaign, TelemetryTags.Outcome, outcome));

    private static TagList Tags(string tenant, string campaign) => new() { { TelemetryTags.Tenant, tenant }, { TelemetryTags.Campaign, campaign } };

    private static TagList Tags(string tenant, string campaign, string key, string value) =>
        new() { { TelemetryTags.Tenant, tenant }, { TelemetryTags.Campaign, campaign }, { key, value } };
}
