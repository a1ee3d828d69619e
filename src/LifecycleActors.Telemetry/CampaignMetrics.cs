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
        _sends = meter.CreateCounter<long>("lifecycle.campaign.sends", "{send}", "Campaign actions carried out, by outcome: delivered, rejected, retrying, dead_lettered (webhooks), task_created.");
        _suppressions = meter.CreateCounter<long>("lifecycle.campaign.suppressions", "{entry}", "Entries not sent, or not yet, by reason: holdout, quiet_hours (deferred), unsubscribed, campaign_cap, frequency_cap, exited_on_order, customer_unknown.");
        _retries = meter.CreateCounter<long>("lifecycle.campaign.webhook.retries", "{attempt}", "Webhook attempts scheduled again after a failure.");
        _deadLetters = meter.CreateCounter<long>("lifecycle.campaign.dead_letters", "{entry}", "Entries given up after the last attempt.");
        _webhook = meter.CreateHistogram("lifecycle.campaign.webhook.duration", "s", "How long one webhook attempt takes, by outcome: delivered, retryable_failure, rejected.", advice: DurationBuckets.Short);
    }

    /// <summary>New entries of a campaign, <paramref name="heldOut"/> of them held out (never sent).</summary>
    public void Entered(string tenant, string campaign, int entries, int heldOut)
    {
        if (entries > 0)
        {
            _entries.Add(entries, Tags(tenant, campaign));
        }

        if (heldOut > 0)
        {
            _suppressions.Add(heldOut, Tags(tenant, campaign, TelemetryTags.Reason, "holdout"));
        }
    }

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
