using LifecycleActors.Campaigns;

namespace LifecycleActors.Campaigns.Tests;

/// <summary>The send-time decision under a fixed clock: exit, consent, caps, quiet hours.</summary>
public sealed class SendDecisionTests
{
    private static readonly DateTimeOffset Entered = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Entered.AddDays(3);
    private static readonly FrequencyCap TenantCap = new(3, 7);
    private static readonly CampaignCustomer Customer = new("one_time", false, false, 80m, false, Entered);

    private static readonly CampaignDefinition Message = new(
        "follow-up", "Follow-up", new("stage", "one_time"), CampaignFilters.None, TimeSpan.FromDays(3),
        new(CampaignAction.Webhook, new Uri("https://hooks.example.com/x"), "0123456789abcdef", "t", null),
        new FrequencyCap(1, 30), null, 0, 14, 14, ExitOnOrder: true);

    private static readonly CampaignDefinition Task = Message with { Action = new(CampaignAction.Task, null, null, null, "Call") };

    [Fact]
    public void A_due_message_to_a_consenting_customer_within_the_caps_is_sent()
    {
        Assert.Equal(SendVerdict.Send, Decide(Message, Customer).Verdict);
    }

    [Fact]
    public void A_purchase_since_entering_cancels_a_campaign_that_exits_on_orders()
    {
        var decision = Decide(Message, Customer with { LastOrderAt = Entered.AddDays(1) });

        Assert.Equal((SendVerdict.Cancel, SendCauses.ExitedOnOrder), (decision.Verdict, decision.Cause));
        Assert.Equal(SendVerdict.Send, Decide(Message with { ExitOnOrder = false }, Customer with { LastOrderAt = Entered.AddDays(1) }).Verdict);
    }

    [Fact]
    public void No_message_after_unsubscribing_but_agent_tasks_still_go()
    {
        var unsubscribed = Customer with { Unsubscribed = true };

        Assert.Equal(new SendDecision(SendVerdict.Suppress, "unsubscribed", SendCauses.Unsubscribed), Decide(Message, unsubscribed));
        Assert.Equal(SendVerdict.Send, Decide(Task, unsubscribed).Verdict);
    }

    [Fact]
    public void The_campaigns_own_cap_and_the_tenants_cap_across_campaigns_suppress()
    {
        var campaignCapped = Decide(Message, Customer, sentByCampaign: 1);
        Assert.Equal((SendVerdict.Suppress, SendCauses.CampaignCap), (campaignCapped.Verdict, campaignCapped.Cause));
        var capped = Decide(Message, Customer, messagesToCustomer: 3);
        Assert.StartsWith("frequency cap", capped.Reason, StringComparison.Ordinal);
        Assert.Equal(SendCauses.FrequencyCap, capped.Cause);
        Assert.Equal(SendVerdict.Send, Decide(Message, Customer, messagesToCustomer: 2).Verdict);
        Assert.Equal(SendVerdict.Send, Decide(Task, Customer, messagesToCustomer: 3).Verdict);
    }

    [Fact]
    public void In_quiet_hours_a_message_waits_for_their_end_and_a_task_does_not()
    {
        var quiet = Message with { QuietHours = new(new TimeOnly(21, 0), new TimeOnly(8, 0)) };
        var night = new DateTimeOffset(2026, 5, 4, 23, 30, 0, TimeSpan.Zero);

        var decision = SendDecision.Decide(quiet, Entered, Customer, night, TimeZoneInfo.Utc, 0, 0, TenantCap);

        Assert.Equal((SendVerdict.Defer, SendCauses.QuietHours), (decision.Verdict, decision.Cause));
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 8, 0, 0, TimeSpan.Zero), decision.Until);
        Assert.Equal(SendVerdict.Send, SendDecision.Decide(quiet with { Action = Task.Action }, Entered, Customer, night, TimeZoneInfo.Utc, 0, 0, TenantCap).Verdict);
    }

    private static SendDecision Decide(CampaignDefinition campaign, CampaignCustomer customer, int sentByCampaign = 0, int messagesToCustomer = 0) =>
        SendDecision.Decide(campaign, Entered, customer, Now, TimeZoneInfo.Utc, sentByCampaign, messagesToCustomer, TenantCap);
}
