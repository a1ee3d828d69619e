using System.Diagnostics;
using LifecycleActors.Abstractions;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>
/// The transition spans of the entries a campaign grain was handed, by (customer, transition sequence), so that its
/// send links to the transition that caused it. Kept in memory only, for the last <see cref="Capacity"/> candidates:
/// a link is a diagnostic worth having while the transition's trace is fresh, not a fact to store with the entry
/// (a send after a restart or a long delay has its span, unlinked). Empty while nobody records traces.
/// </summary>
public sealed class CampaignTraceLinks
{
    public const int Capacity = 4096;

    private readonly Dictionary<(string CustomerId, long Sequence), string> _links = [];
    private readonly Queue<(string CustomerId, long Sequence)> _order = new();

    public void Remember(IEnumerable<CampaignCandidate> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.TraceParent is not { } traceParent)
            {
                continue;
            }

            var key = (candidate.Transition.CustomerId, candidate.Transition.Sequence);
            _links[key] = traceParent;
            _order.Enqueue(key);
            while (_order.Count > Capacity)
            {
                _links.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>The span of the transition that entered the customer; default when not known.</summary>
    public ActivityContext For(string customerId, long sequence) =>
        _links.TryGetValue((customerId, sequence), out var traceParent) ? TraceParent.Parse(traceParent) : default;
}
