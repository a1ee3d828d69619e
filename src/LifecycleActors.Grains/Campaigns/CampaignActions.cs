using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using LifecycleActors.Abstractions;
using LifecycleActors.Campaigns;
using LifecycleActors.Rules;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Telemetry;
using LifecycleActors.Webhooks;
using OpenTelemetry;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>
/// What a campaign does for a due entry: a signed webhook (retried with backoff on 5xx and timeouts, dead-lettered after
/// the configured attempts) or an agent task (created once, pushed to the agents). Each action and webhook attempt is
/// counted by outcome (<see cref="CampaignMetrics"/>).
/// </summary>
public sealed class CampaignActions(
    ICampaignStore store, WebhookSender sender, RetrySchedule retries, ILiveUpdates live, TimeProvider wallClock, CampaignMetrics metrics)
{
    /// <summary>Retries wait in real time, whatever the tenant's clock.</summary>
    public DateTimeOffset WallClock => wallClock.GetUtcNow();

    /// <summary>The idempotency key of an entry: the same for every attempt, across restarts.</summary>
    public static string IdempotencyKey(string tenant, string campaignId, string customerId, long sequence) =>
        $"{tenant}:{campaignId}:{customerId}:{sequence}";

    /// <param name="transition">The span of the transition that caused the entry, if known: the action's span links to it.</param>
    public async Task<ActionOutcome> ActAsync(string tenant, CampaignDefinition campaign, CampaignEntryRow entry, DateTimeOffset now, ActivityContext transition)
    {
        using var span = ReactionSpans.CampaignSend(tenant, campaign.Id, campaign.Action.IsMessage ? "webhook" : "task", transition);
        var outcome = await SendOrCreateTaskAsync(tenant, campaign, entry, now);
        span?.SetTag(TelemetryTags.Outcome, outcome.Status);
        return outcome;
    }

    private async Task<ActionOutcome> SendOrCreateTaskAsync(string tenant, CampaignDefinition campaign, CampaignEntryRow entry, DateTimeOffset now)
    {
        if (!campaign.Action.IsMessage)
        {
            await CreateTaskAsync(tenant, campaign, entry, now);
            metrics.Sent(tenant, campaign.Id, "task_created");
            return new ActionOutcome(EntryStatuses.Sent, "task created", entry.Attempts + 1, null, null);
        }

        var message = new WebhookMessage(
            campaign.Action.Url!,
            campaign.Action.Secret!,
            Body(tenant, campaign, entry),
            IdempotencyKey(tenant, campaign.Id, entry.CustomerId, entry.Sequence));
        var attempt = await SendUntracedAsync(message);
        var outcome = Judge(attempt, entry.Attempts + 1);
        Measure(tenant, campaign.Id, attempt, outcome);
        return outcome;
    }

    private ActionOutcome Judge(SendAttempt attempt, int attempts)
    {
        switch (attempt.Outcome)
        {
            case SendOutcome.Sent:
                // "delivered (…)" is the stored reason text of sent webhooks, kept as earlier entries have it.
                return new ActionOutcome(EntryStatuses.Sent, $"delivered ({attempt.StatusCode})", attempts, null, null);
            case SendOutcome.Reject:
                return new ActionOutcome(EntryStatuses.Failed, "rejected by the receiver", attempts, attempt.Error, null);
            default:
                var delay = retries.NextDelay(attempts, Random.Shared, attempt.RetryAfter);
                return delay is { } wait
                    ? new ActionOutcome(EntryStatuses.Pending, "retrying", attempts, attempt.Error, WallClock + wait)
                    : new ActionOutcome(EntryStatuses.DeadLettered, $"gave up after {attempts} attempts", attempts, attempt.Error, null);
        }
    }

    /// <summary>The attempt's duration by what it was, and the action by what became of the entry.</summary>
    private void Measure(string tenant, string campaignId, SendAttempt attempt, ActionOutcome outcome)
    {
        metrics.WebhookAttempt(tenant, campaignId, attempt.Outcome switch
        {
            SendOutcome.Sent => "delivered",
            SendOutcome.Retry => "retryable_failure",
            _ => "rejected",
        }, attempt.Elapsed);
        switch (outcome.Status)
        {
            case EntryStatuses.Sent:
                metrics.Sent(tenant, campaignId, "delivered");
                break;
            case EntryStatuses.Pending:
                metrics.Sent(tenant, campaignId, "retrying");
                metrics.Retried(tenant, campaignId);
                break;
            case EntryStatuses.DeadLettered:
                metrics.Sent(tenant, campaignId, "dead_lettered");
                metrics.DeadLettered(tenant, campaignId);
                break;
            default:
                metrics.Sent(tenant, campaignId, "rejected");
                break;
        }
    }

    /// <summary>
    /// The webhook leaves without the service's trace context: HTTP client tracing would add a <c>traceparent</c> to the
    /// request, and the service's trace ids stay inside it. The campaign's send span times the attempt and records its outcome.
    /// </summary>
    private async Task<SendAttempt> SendUntracedAsync(WebhookMessage message)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        return await sender.SendAsync(message);
    }

    /// <summary>The webhook's JSON: the campaign, the customer, the transition, the template, and for advocates a referral code.</summary>
    public static byte[] Body(string tenant, CampaignDefinition campaign, CampaignEntryRow entry)
    {
        var body = new JsonObject
        {
            ["campaignId"] = campaign.Id,
            ["tenant"] = tenant,
            ["customerId"] = entry.CustomerId,
            ["templateId"] = campaign.Action.TemplateId,
            ["enteredAt"] = entry.EnteredAt,
            ["transition"] = JsonNode.Parse(entry.TransitionJson),
        };
        if (campaign.Trigger.Kind == TransitionKind.Advocate.ToWireName())
        {
            body["referralCode"] = ReferralCode.Of(tenant, entry.CustomerId);
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private async Task CreateTaskAsync(string tenant, CampaignDefinition campaign, CampaignEntryRow entry, DateTimeOffset now)
    {
        var transition = JsonNode.Parse(entry.TransitionJson);
        var task = new AgentTaskRow(
            tenant,
            $"{campaign.Id}:{entry.CustomerId}:{entry.Sequence}",
            campaign.Id,
            entry.CustomerId,
            campaign.Action.Title ?? campaign.Name,
            transition?["reason"]?.GetValue<string>() ?? "",
            AgentTaskStatuses.Open,
            null,
            now,
            now);
        if (await store.AddTaskAsync(task, CancellationToken.None))
        {
            live.TaskChanged(AgentTaskStatuses.ToWire(task));
        }
    }
}

/// <summary>What became of an action, as an update of its entry.</summary>
public sealed record ActionOutcome(string Status, string Reason, int Attempts, string? Error, DateTimeOffset? RetryAt)
{
    public CampaignEntryUpdate ToUpdate(string tenant, string campaignId, CampaignEntryRow entry, DateTimeOffset now) =>
        new(tenant, campaignId, entry.CustomerId, entry.Sequence, Status, Reason, entry.DueAt, Attempts, Error, RetryAt,
            Status == EntryStatuses.Sent ? now : null);
}
