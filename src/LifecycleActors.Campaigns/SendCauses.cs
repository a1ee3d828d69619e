namespace LifecycleActors.Campaigns;

/// <summary>
/// Why an entry is or is not sent, as a fixed list of short names: the <see cref="SendDecision.Cause"/> of a
/// decision, and what suppressed an entry before any decision (held out, customer unknown).
/// </summary>
public static class SendCauses
{
    public const string Message = "message";
    public const string Task = "task";
    public const string ExitedOnOrder = "exited_on_order";
    public const string CampaignCap = "campaign_cap";
    public const string Unsubscribed = "unsubscribed";
    public const string FrequencyCap = "frequency_cap";
    public const string QuietHours = "quiet_hours";
    public const string Holdout = "holdout";
    public const string CustomerUnknown = "customer_unknown";
}
