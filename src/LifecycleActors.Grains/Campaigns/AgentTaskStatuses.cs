using LifecycleActors.Abstractions;
using LifecycleActors.Storage.Campaigns;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>Where an agent task stands: open, claimed by an agent, done.</summary>
public static class AgentTaskStatuses
{
    public const string Open = "open";
    public const string Claimed = "claimed";
    public const string Done = "done";

    public static AgentTask ToWire(AgentTaskRow t) =>
        new(t.Tenant, t.TaskId, t.CampaignId, t.CustomerId, t.Title, t.Reason, t.Status, t.ClaimedBy, t.CreatedAt, t.UpdatedAt);
}
