namespace LifecycleActors.Campaigns;

/// <summary>What to do with an entry when it is due.</summary>
public enum SendVerdict
{
    Send,
    Suppress,
    Cancel,
    Defer,
}

/// <summary>The verdict, why, and for <see cref="SendVerdict.Defer"/> until when.</summary>
/// <param name="Reason">Why, for people (stored with the entry; may quote the configured limits).</param>
/// <param name="Cause">Why, as one of the fixed <see cref="SendCauses"/> (for counting).</param>
public sealed record SendDecision(SendVerdict Verdict, string Reason, string Cause, DateTimeOffset? Until = null)
{
    /// <summary>
    /// Decides at send time, against the customer as it is now: a purchase since entering ends a campaign that exits on
    /// orders; messages need consent, keep out of quiet hours and within the caps (this campaign's, and the tenant's
    /// across campaigns); agent tasks need none of that.
    /// </summary>
    /// <param name="sentByCampaign">Sends of this campaign to the customer within the campaign's cap window.</param>
    /// <param name="messagesToCustomer">Messages of all campaigns to the customer within the tenant's window.</param>
    public static SendDecision Decide(
        CampaignDefinition campaign,
        DateTimeOffset enteredAt,
        CampaignCustomer customer,
        DateTimeOffset now,
        TimeZoneInfo zone,
        int sentByCampaign,
        int messagesToCustomer,
        FrequencyCap tenantCap)
    {
        if (campaign.ExitOnOrder && customer.LastOrderAt > enteredAt)
        {
            return new(SendVerdict.Cancel, "ordered since entering", SendCauses.ExitedOnOrder);
        }

        if (campaign.Cap is { } cap && sentByCampaign >= cap.Max)
        {
            return new(SendVerdict.Suppress, $"campaign cap: {cap.Max} per {cap.WindowDays} days", SendCauses.CampaignCap);
        }

        if (!campaign.Action.IsMessage)
        {
            return new(SendVerdict.Send, "task", SendCauses.Task);
        }

        if (customer.Unsubscribed)
        {
            return new(SendVerdict.Suppress, "unsubscribed", SendCauses.Unsubscribed);
        }

        if (messagesToCustomer >= tenantCap.Max)
        {
            return new(SendVerdict.Suppress, $"frequency cap: {tenantCap.Max} messages per {tenantCap.WindowDays} days", SendCauses.FrequencyCap);
        }

        var allowed = QuietHoursWindow.NextAllowed(now, campaign.QuietHours, zone);
        return allowed > now
            ? new(SendVerdict.Defer, "quiet hours", SendCauses.QuietHours, allowed)
            : new(SendVerdict.Send, "message", SendCauses.Message);
    }
}
