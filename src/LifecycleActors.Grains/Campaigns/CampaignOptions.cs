using LifecycleActors.Campaigns;

namespace LifecycleActors.Grains.Campaigns;

/// <summary><c>Lifecycle:Campaigns</c>: how often campaigns look for due entries, the tenant-wide message cap, webhook retries.</summary>
public sealed class CampaignOptions
{
    /// <summary>How often a campaign with pending entries looks for due ones.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many messages (all campaigns together) to one customer …</summary>
    public int MaxMessagesPerCustomer { get; set; } = 3;

    /// <summary>… within this many days.</summary>
    public int MessageWindowDays { get; set; } = 7;

    /// <summary>Attempts of a webhook send before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry's delay; later ones double (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one webhook request may take.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether webhooks may go to private, loopback and link-local addresses. Off by default, so a campaign cannot be
    /// pointed at the service's own network; turn it on for receivers inside your network (and for local testing).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public FrequencyCap TenantCap => new(MaxMessagesPerCustomer, MessageWindowDays);

    /// <summary>The first problem as a "Key: reason" text, or null when the options are valid.</summary>
    public string? Validate() =>
        PollInterval <= TimeSpan.Zero ? "PollInterval: must be positive"
        : MaxMessagesPerCustomer < 1 ? "MaxMessagesPerCustomer: must be at least 1"
        : MessageWindowDays < 1 ? "MessageWindowDays: must be at least 1"
        : MaxAttempts is < 1 or > 50 ? "MaxAttempts: must be 1..50"
        : RetryBaseDelay <= TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay ? "RetryBaseDelay/MaxRetryDelay: 0 < base ≤ max"
        : WebhookTimeout <= TimeSpan.Zero ? "WebhookTimeout: must be positive"
        : null;
}
