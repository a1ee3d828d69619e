namespace LifecycleActors.Rules;

/// <summary>What a transition changes (contract §4).</summary>
public enum TransitionKind
{
    Stage,
    Vip,
    Advocate,
}

/// <summary>
/// One change of a customer's stage or flag. <see cref="From"/> and <see cref="To"/> are stage wire names,
/// or "true"/"false" for flags. The service adds tenant, customer id and detection time.
/// </summary>
/// <param name="At">When the change happened in customer time: the event's time, or the threshold instant of a time-driven change.</param>
/// <param name="Sequence">Increases by one per customer.</param>
/// <param name="Reason">The English text of the reason.</param>
/// <param name="TimeDriven">True when the change came from the passing of time, not from an event or message.</param>
/// <param name="ReasonCode">The reason's stable code (contract §4, reason codes), which the screen words in its language.</param>
/// <param name="ReasonArgs">The numbers behind the reason as one compact JSON object, e.g. <c>{"days":75,"thresholdDays":75}</c>.</param>
public sealed record Transition(
    TransitionKind Kind,
    string From,
    string To,
    DateTimeOffset At,
    long Sequence,
    string Reason,
    bool TimeDriven,
    string ReasonCode,
    string ReasonArgs);

/// <summary>Wire names of <see cref="TransitionKind"/>.</summary>
public static class TransitionKinds
{
    public static string ToWireName(this TransitionKind kind) => kind switch
    {
        TransitionKind.Stage => "stage",
        TransitionKind.Vip => "vip",
        TransitionKind.Advocate => "advocate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown transition kind"),
    };

    /// <summary>Entering lapsed, entering VIP and entering advocate are the headline transitions.</summary>
    public static bool IsHeadline(this Transition transition) => transition.Kind switch
    {
        TransitionKind.Stage => transition.To == "lapsed",
        _ => transition.To == "true",
    };
}
