using System.Diagnostics;

namespace LifecycleActors.Telemetry;

/// <summary>
/// The spans of what a transition sets off: the push to the agents' screens and a campaign's action. Each answers
/// null when nobody listens.
/// </summary>
public static class ReactionSpans
{
    /// <summary>
    /// Transitions pushed to this host's screens: a child of the current span when pushed in the customer's own turn,
    /// and linked to the transitions' spans (<paramref name="transitions"/>) when they came batched from another host.
    /// </summary>
    public static Activity? LivePush(string? tenant, int count, IEnumerable<ActivityLink>? transitions = null) =>
        LifecycleTracing.Source.StartActivity(SpanNames.LivePush, ActivityKind.Producer, parentContext: default, links: transitions)
            ?.SetTag(TelemetryTags.Tenant, tenant)
            .SetTag(SpanTags.Transitions, count);

    /// <summary>
    /// A campaign's action on a due entry, run by the campaign's timer later than the transition (after a delay, a
    /// retry, quiet hours): a span of its own, linked to the transition's span when that is still known.
    /// </summary>
    public static Activity? CampaignSend(string tenant, string campaign, string action, ActivityContext transition)
    {
        ActivityLink[]? links = transition.TraceId == default ? null : [new ActivityLink(transition)];
        return LifecycleTracing.Source.StartActivity(SpanNames.CampaignSend, ActivityKind.Internal, parentContext: default, links: links)
            ?.SetTag(TelemetryTags.Tenant, tenant)
            .SetTag(TelemetryTags.Campaign, campaign)
            .SetTag(SpanTags.ActionType, action);
    }
}
