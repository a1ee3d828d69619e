using System.Diagnostics;

namespace LifecycleActors.Telemetry;

/// <summary>
/// A span context as a W3C <c>traceparent</c> string, to carry it over a hop no library propagates for us (a stream
/// message, a transition waiting in a customer's campaign feed). Null whenever the span is not recorded, so an
/// unobserved service carries nothing.
/// </summary>
public static class TraceParent
{
    /// <summary>The current span, if recorded.</summary>
    public static string? Current() => Of(Activity.Current);

    public static string? Of(Activity? span) =>
        span is { Recorded: true, IdFormat: ActivityIdFormat.W3C } ? span.Id : null;

    /// <summary>The span context <paramref name="traceParent"/> names; default when it is null or not a traceparent.</summary>
    public static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>Links to the distinct span contexts named, for a span that works for several of them at once.</summary>
    public static ActivityLink[]? Links(IEnumerable<string?> traceParents)
    {
        List<ActivityLink>? links = null;
        foreach (var traceParent in traceParents.Distinct(StringComparer.Ordinal))
        {
            if (Parse(traceParent) is { TraceId: var traceId } context && traceId != default)
            {
                (links ??= []).Add(new ActivityLink(context));
            }
        }

        return links?.ToArray();
    }
}
