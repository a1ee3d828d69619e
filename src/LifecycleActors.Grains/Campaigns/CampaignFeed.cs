using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>
/// How a customer's transitions reach the campaigns: the ones some running campaign of the tenant is triggered by are
/// kept in the customer's stored feed with the customer's facts at that moment, and handed over in the same timer
/// turn that sends its messages, until every triggered campaign has taken them (at least once; the campaign entries
/// make the effect once).
/// </summary>
public static class CampaignFeed
{
    /// <summary>A customer's very first event is a signup: the campaigns see it enter <c>prospect</c> (sequence 0).</summary>
    public static TransitionRecord Joined(string tenant, string customerId, DateTimeOffset at, DateTimeOffset detectedAt) =>
        new(tenant, customerId, TransitionKind.Stage.ToWireName(), "new", Stage.Prospect.ToWireName(), at, detectedAt, 0, "signed up", "signed_up", "{}");

    /// <summary>The transitions some campaign is triggered by, each with the current (transition's) span to link to.</summary>
    public static IReadOnlyList<CampaignCandidate> Candidates(
        CampaignDirectory directory, string tenant, IEnumerable<TransitionRecord> transitions, CustomerView view)
    {
        var traceParent = TraceParent.Current();
        return [.. transitions
            .Where(t => directory.Triggered(tenant, t.Kind, t.To).Any())
            .Select(t => new CampaignCandidate(t, view.Stage.ToWireName(), view.Vip, view.Advocate, view.Spend365, traceParent))];
    }

    /// <summary>
    /// Hands the pending candidates to the campaigns they trigger, all campaigns at once (one slow to answer delays
    /// none of the others); answers those every such campaign has taken.
    /// </summary>
    public static async Task<IReadOnlySet<CampaignCandidate>> HandOverAsync(
        IGrainFactory grains, CampaignDirectory directory, string tenant, IReadOnlyList<CampaignCandidate> pending)
    {
        var byCampaign = pending
            .SelectMany(c => directory.Triggered(tenant, c.Transition.Kind, c.Transition.To).Select(d => (Campaign: d.Id, Candidate: c)))
            .GroupBy(x => x.Campaign, StringComparer.Ordinal)
            .Select(campaign => (campaign.Key, Candidates: campaign.Select(x => x.Candidate).ToList()))
            .ToList();
        var entered = await Task.WhenAll(byCampaign.Select(campaign => EnterAsync(grains, tenant, campaign.Key, campaign.Candidates)));
        var failed = new HashSet<CampaignCandidate>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < byCampaign.Count; i++)
        {
            if (!entered[i])
            {
                failed.UnionWith(byCampaign[i].Candidates);
            }
        }

        var taken = new HashSet<CampaignCandidate>(ReferenceEqualityComparer.Instance);
        taken.UnionWith(pending.Where(c => !failed.Contains(c)));
        return taken;
    }

    private static async Task<bool> EnterAsync(IGrainFactory grains, string tenant, string campaignId, List<CampaignCandidate> candidates)
    {
        try
        {
            await grains.GetGrain<ICampaignGrain>(CampaignKey.Of(tenant, campaignId)).EnterAsync(candidates);
            return true;
        }
        catch (Exception)
        {
            // Also a call that expired while the silo was busy: the candidates stay pending and are offered again.
            return false;
        }
    }
}
