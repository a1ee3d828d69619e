namespace LifecycleActors.Campaigns;

/// <summary>
/// Campaigns a shop can switch on from configuration by name. Messages go to the shop's webhook (its email or SMS
/// provider) with a template id per campaign; the VIP ones also give the agents a task.
/// </summary>
public static class SeedCampaigns
{
    public static readonly IReadOnlyList<string> Names =
        ["welcome", "first-purchase-follow-up", "win-back", "vip-thank-you", "vip-thank-you-call", "vip-at-risk-call", "advocate-reward"];

    /// <summary>The seed campaign <paramref name="name"/>; null for an unknown name.</summary>
    public static CampaignDefinition? Create(string name, Uri webhookUrl, string webhookSecret)
    {
        CampaignAction Message(string template) => new(CampaignAction.Webhook, webhookUrl, webhookSecret, template, null);
        CampaignAction Task(string title) => new(CampaignAction.Task, null, null, null, title);
        CampaignDefinition Campaign(string id, string title, CampaignTrigger trigger, CampaignAction action) =>
            new(id, title, trigger, CampaignFilters.None, TimeSpan.Zero, action, new FrequencyCap(1, 30), null, 0, 14, 30, false);

        return name switch
        {
            "welcome" => Campaign("welcome", "Welcome", new("stage", "prospect"), Message("welcome")),
            "first-purchase-follow-up" => Campaign("first-purchase-follow-up", "First purchase follow-up", new("stage", "one_time"), Message("first-purchase-follow-up"))
                with
            { Delay = TimeSpan.FromDays(3), ExitOnOrder = true },
            "win-back" => Campaign("win-back", "Win-back", new("stage", "lapsed"), Message("win-back"))
                with
            { HoldoutPercent = 10, ConversionDays = 30, Cap = new FrequencyCap(1, 90), QuietHours = new(new TimeOnly(21, 0), new TimeOnly(8, 0)) },
            "vip-thank-you" => Campaign("vip-thank-you", "VIP thank-you", new("vip", "true"), Message("vip-thank-you")),
            "vip-thank-you-call" => Campaign("vip-thank-you-call", "Thank a new VIP personally", new("vip", "true"), Task("Thank this new VIP personally")),
            "vip-at-risk-call" => Campaign("vip-at-risk-call", "Call a VIP at risk", new("stage", "at_risk"), Task("Call this VIP: at risk"))
                with
            { Filters = new CampaignFilters(Vip: true) },
            "advocate-reward" => Campaign("advocate-reward", "Advocate reward", new("advocate", "true"), Message("advocate-referral-code")),
            _ => null,
        };
    }
}
