namespace LifecycleActors.Campaigns;

/// <summary>
/// A campaign of one tenant: which transition makes a customer enter it, what it then does (after a delay), and the
/// limits it respects. Immutable; pausing is kept apart (<see cref="CampaignRecord"/>).
/// </summary>
public sealed record CampaignDefinition(
    string Id,
    string Name,
    CampaignTrigger Trigger,
    CampaignFilters Filters,
    TimeSpan Delay,
    CampaignAction Action,
    FrequencyCap? Cap,
    QuietHours? QuietHours,
    int HoldoutPercent,
    int ConversionDays,
    int AttributionDays,
    bool ExitOnOrder);

/// <summary>The transition that enters a customer: its kind (<c>stage</c>, <c>vip</c>, <c>advocate</c>) and the value it goes to.</summary>
public sealed record CampaignTrigger(string Kind, string To)
{
    public bool Matches(string kind, string to) =>
        string.Equals(kind, Kind, StringComparison.Ordinal) && string.Equals(to, To, StringComparison.Ordinal);
}

/// <summary>Optional conditions on the customer when it enters.</summary>
public sealed record CampaignFilters(string? Stage = null, bool? Vip = null, bool? Advocate = null, decimal? MinSpend365 = null)
{
    public static readonly CampaignFilters None = new();

    public bool Admit(CampaignCustomer customer) =>
        (Stage is null || Stage == customer.Stage)
        && (Vip is null || Vip == customer.Vip)
        && (Advocate is null || Advocate == customer.Advocate)
        && (MinSpend365 is null || customer.Spend365 >= MinSpend365);
}

/// <summary>What a campaign does for an entered customer: a signed webhook (a message) or a task for the agents.</summary>
public sealed record CampaignAction(string Type, Uri? Url, string? Secret, string? TemplateId, string? Title)
{
    public const string Webhook = "webhook";
    public const string Task = "task";

    /// <summary>Messages need consent (no message after <c>unsubscribed</c>); agent tasks do not.</summary>
    public bool IsMessage => Type == Webhook;
}

/// <summary>At most <paramref name="Max"/> sends of this campaign to one customer within <paramref name="WindowDays"/>.</summary>
public sealed record FrequencyCap(int Max, int WindowDays);

/// <summary>No messages between <paramref name="Start"/> and <paramref name="End"/> (local time of the tenant; may wrap midnight).</summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End);

/// <summary>What the campaign rules need to know of a customer.</summary>
public sealed record CampaignCustomer(string Stage, bool Vip, bool Advocate, decimal Spend365, bool Unsubscribed, DateTimeOffset? LastOrderAt);

/// <summary>A stored campaign: its definition and whether it is paused.</summary>
public sealed record CampaignRecord(CampaignDefinition Definition, bool Paused, DateTimeOffset CreatedAt);
