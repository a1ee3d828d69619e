using LifecycleActors.Campaigns;
using LifecycleActors.Storage.Campaigns;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>Stored entry statuses as the campaign rules' <see cref="EntryStatus"/>.</summary>
public static class EntryStatusNames
{
    public static EntryStatus Parse(string status) => status switch
    {
        EntryStatuses.Sent => EntryStatus.Sent,
        EntryStatuses.Suppressed => EntryStatus.Suppressed,
        EntryStatuses.Holdout => EntryStatus.Holdout,
        EntryStatuses.Cancelled => EntryStatus.Cancelled,
        EntryStatuses.Failed => EntryStatus.Failed,
        EntryStatuses.DeadLettered => EntryStatus.DeadLettered,
        _ => EntryStatus.Pending,
    };
}
