using System.Text.Json.Serialization;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Rules.State;

namespace LifecycleActors.Grains;

/// <summary>The stored snapshot of a customer grain: the rules' state and the log position it covers.</summary>
public sealed class CustomerGrainState
{
    /// <summary>The grain storage the customers' snapshots are kept in (the silo's batched storage).</summary>
    public const string StorageName = "customers";

    /// <summary>The state's name in that storage (the grain's persistent state).</summary>
    public const string StateName = "customer";

    public CustomerState Rules { get; set; } = new();

    /// <summary>Every log entry of this customer up to this position is reflected in <see cref="Rules"/> (<see cref="AppliedPositions"/>).</summary>
    public long Watermark { get; set; }

    /// <summary>
    /// Log positions above <see cref="Watermark"/> already reflected in <see cref="Rules"/> (delivered out of order,
    /// or saved between reconciliations); a replay skips them.
    /// </summary>
    public List<long> AppliedAbove { get; set; } = [];

    /// <summary>
    /// Anonymous visitor ids linked to this customer whose log entries it has merged into <see cref="Rules"/> (ADR 0013);
    /// one per device or browser the customer identified from. Stored with the rules state, so a merge is in a
    /// snapshot whole or not at all.
    /// </summary>
    public List<string> LinkedAnonymousIds { get; set; } = [];

    /// <summary>How many of the events in <see cref="Rules"/> are merged entries of <see cref="LinkedAnonymousIds"/>.</summary>
    public int MergedEvents { get; set; }

    /// <summary>When the customer last changed (service clock).</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The outbox: messages for other customers not sent yet (they are retried).</summary>
    public List<PendingMessage> Outbox { get; set; } = [];

    /// <summary>Transitions not yet taken by every campaign they trigger (they are retried).</summary>
    public List<CampaignCandidate> CampaignFeed { get; set; } = [];
}

/// <summary>A referral message waiting to be sent.</summary>
/// <param name="Kind">
/// Stored by name (<c>"Kind":"RegisterReferral"</c>), as when it was a string, and always written, also for the
/// enum's default value.
/// </param>
public sealed record PendingMessage(
    [property: JsonConverter(typeof(JsonStringEnumConverter<CustomerMessageKind>))]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    CustomerMessageKind Kind,
    string TargetCustomerId);
