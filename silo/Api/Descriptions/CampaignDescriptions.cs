using System.Text.Json.Serialization;

namespace LifecycleActors.Silo.Api;

// These types describe the campaign bodies in the OpenAPI document. The endpoints read and write the JSON objects of
// CampaignParser and CampaignJson, as they always did; the contract tests check that the two agree.

/// <summary>A campaign: its definition (without the webhook's secret) and its state.</summary>
public sealed record Campaign(
    string Id,
    string Name,
    CampaignTriggerBody Trigger,
    CampaignFiltersBody Filters,
    double DelayHours,
    CampaignActionBody Action,
    CampaignCapBody? Cap,
    CampaignQuietHoursBody? QuietHours,
    int HoldoutPercent,
    int ConversionDays,
    int AttributionDays,
    bool ExitOnOrder,
    bool Paused,
    DateTimeOffset CreatedAt);

/// <summary>A new campaign. Only <c>id</c>, <c>trigger</c> and <c>action</c> are required.</summary>
public sealed class CampaignRequest
{
    /// <summary>1..64 characters of a-z, 0-9 and -.</summary>
    public required string Id { get; init; }

    /// <summary>Up to 200 characters; the id when left out.</summary>
    public string? Name { get; init; }

    public required CampaignTriggerBody Trigger { get; init; }

    public CampaignFiltersBody? Filters { get; init; }

    /// <summary>Hours between entering and acting (0 when left out).</summary>
    public double? DelayHours { get; init; }

    public required CampaignActionRequest Action { get; init; }

    public CampaignCapBody? Cap { get; init; }

    public CampaignQuietHoursBody? QuietHours { get; init; }

    /// <summary>0..50: the share of entering customers held out as a control group.</summary>
    public int? HoldoutPercent { get; init; }

    /// <summary>1..365 (14 when left out).</summary>
    public int? ConversionDays { get; init; }

    /// <summary>1..365 (the conversion days when left out).</summary>
    public int? AttributionDays { get; init; }

    /// <summary>Whether an order takes the customer out of the campaign.</summary>
    public bool? ExitOnOrder { get; init; }
}

/// <summary>Enter on a transition: <c>kind</c> stage, vip or advocate; <c>to</c> the stage, or true/false.</summary>
public sealed record CampaignTriggerBody(string Kind, string To);

/// <summary>Conditions on the customer when it enters; null is no condition.</summary>
public sealed record CampaignFiltersBody(string? Stage, bool? Vip, bool? Advocate, decimal? MinSpend365);

/// <summary>What the campaign does: a <c>webhook</c> (with <c>url</c> and <c>templateId</c>) or an agent <c>task</c> (with <c>title</c>).</summary>
public sealed record CampaignActionBody(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TemplateId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title);

/// <summary>The action of a new campaign: a <c>webhook</c> needs <c>url</c> and the signing <c>secret</c>; a <c>task</c> may have a <c>title</c>.</summary>
public sealed class CampaignActionRequest
{
    /// <summary><c>webhook</c> or <c>task</c>.</summary>
    public required string Type { get; init; }

    public string? Url { get; init; }

    public string? Secret { get; init; }

    public string? TemplateId { get; init; }

    public string? Title { get; init; }
}

/// <summary>At most <c>max</c> sends to one customer within <c>windowDays</c>.</summary>
public sealed record CampaignCapBody(int Max, int WindowDays);

/// <summary>No sends between <c>start</c> and <c>end</c> (HH:mm).</summary>
public sealed record CampaignQuietHoursBody(string Start, string End);
