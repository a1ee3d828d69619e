namespace LifecycleActors.Storage.Campaigns;

/// <summary>A stored campaign: its definition JSON (with the webhook secret) and whether it is paused.</summary>
public sealed record StoredCampaign(string Tenant, string CampaignId, string Definition, bool Paused, DateTimeOffset CreatedAt);

/// <summary>A campaign entry: a customer entering a campaign, keyed by (tenant, campaign, customer, sequence).</summary>
public sealed record NewCampaignEntry(
    string Tenant, string CampaignId, string CustomerId, long Sequence, DateTimeOffset EnteredAt, DateTimeOffset DueAt, string Status, bool IsMessage, string TransitionJson);

/// <summary>An entry as the campaign grain handles it.</summary>
public sealed record CampaignEntryRow(
    string CustomerId, long Sequence, DateTimeOffset EnteredAt, DateTimeOffset DueAt, string Status, string? Reason, int Attempts, string? LastError, string TransitionJson);

/// <summary>What became of an entry (and, while pending, when it is looked at next).</summary>
public sealed record CampaignEntryUpdate(
    string Tenant,
    string CampaignId,
    string CustomerId,
    long Sequence,
    string Status,
    string? Reason,
    DateTimeOffset DueAt,
    int Attempts,
    string? LastError,
    DateTimeOffset? RetryAt,
    DateTimeOffset? SentAt);

/// <summary>An order of a customer, for conversions and attributed revenue.</summary>
public sealed record CampaignOrderRow(string CustomerId, DateTimeOffset At, decimal Amount);

/// <summary>A task for the agents, from a task campaign.</summary>
public sealed record AgentTaskRow(
    string Tenant, string TaskId, string CampaignId, string CustomerId, string Title, string Reason, string Status, string? ClaimedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The statuses of an entry, as stored.</summary>
public static class EntryStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Suppressed = "suppressed";
    public const string Holdout = "holdout";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string DeadLettered = "dead_lettered";
}

/// <summary>A customer's campaign entries and tasks.</summary>
public sealed record CustomerCampaignHistory(IReadOnlyList<CustomerCampaignEntry> Entries, IReadOnlyList<AgentTaskRow> Tasks);

/// <summary>One entry of a customer in a campaign: a webhook message (or a task) and what became of it.</summary>
public sealed record CustomerCampaignEntry(
    string CampaignId, long Sequence, DateTimeOffset EnteredAt, string Status, string? Reason, bool IsMessage, DateTimeOffset? SentAt);
