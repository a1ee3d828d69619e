using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Campaigns;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Grains.Time;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>
/// One campaign of one tenant. Entering writes the campaign entry keyed by (campaign, customer, transition
/// sequence), so a transition handed over twice enters once; a timer then acts on the due entries: decides against
/// the customer as it is now (exit, consent, caps, quiet hours), sends the webhook or creates the task, and records
/// the outcome. A send repeated after a crash carries the same <c>Idempotency-Key</c>.
/// </summary>
public sealed partial class CampaignGrain(
    ICampaignStore store,
    CampaignDirectory directory,
    ITenantClock clock,
    ITenantList tenants,
    CampaignActions actions,
    IOptions<CampaignOptions> options,
    CampaignMetrics metrics,
    ILogger<CampaignGrain> logger)
    : Grain, ICampaignGrain
{
    private const int PageSize = 200;

    private string _tenant = "";
    private string _campaignId = "";
    private CampaignRecord? _campaign;
    private IGrainTimer? _timer;
    private readonly CampaignTraceLinks _traceLinks = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _campaignId) = CampaignKey.Parse(this.GetPrimaryKeyString());
        await LoadAsync(cancellationToken);
    }

    public async Task EnterAsync(IReadOnlyList<CampaignCandidate> candidates)
    {
        if (_campaign is not { Paused: false, Definition: var campaign })
        {
            return;
        }

        _traceLinks.Remember(candidates);
        var entries = candidates
            .Where(c => campaign.Trigger.Matches(c.Transition.Kind, c.Transition.To)
                && campaign.Filters.Admit(new CampaignCustomer(c.Stage, c.Vip, c.Advocate, c.Spend365, false, null)))
            .Select(c => new NewCampaignEntry(
                _tenant,
                campaign.Id,
                c.Transition.CustomerId,
                c.Transition.Sequence,
                c.Transition.At,
                c.Transition.At + campaign.Delay,
                Holdout.IsHeldOut(campaign.Id, c.Transition.CustomerId, campaign.HoldoutPercent) ? EntryStatuses.Holdout : EntryStatuses.Pending,
                campaign.Action.IsMessage,
                JsonSerializer.Serialize(c.Transition, WireJson.Options)))
            .ToList();

        // Held-out entries go in apart, so that the count of those new (not entered before) is exact.
        var sent = await store.EnterAsync([.. entries.Where(e => e.Status != EntryStatuses.Holdout)], CancellationToken.None);
        var heldOut = await store.EnterAsync([.. entries.Where(e => e.Status == EntryStatuses.Holdout)], CancellationToken.None);
        metrics.Entered(_tenant, campaign.Id, sent + heldOut, heldOut);
        if (sent + heldOut > 0)
        {
            EnsureTimer();
        }
    }

    public async Task ReloadAsync()
    {
        await LoadAsync(CancellationToken.None);
        EnsureTimer();
    }

    public Task EnsureRunningAsync()
    {
        EnsureTimer();
        return Task.CompletedTask;
    }

    public async Task<int> RunDueAsync()
    {
        if (_campaign is not { Paused: false, Definition: var campaign })
        {
            return 0;
        }

        var handled = 0;
        while (true)
        {
            var now = clock.Now(_tenant);
            var due = await store.DueAsync(_tenant, campaign.Id, now, actions.WallClock, PageSize, CancellationToken.None);
            foreach (var entry in due)
            {
                await HandleAsync(campaign, entry, now);
            }

            handled += due.Count;
            if (due.Count < PageSize)
            {
                return handled;
            }
        }
    }

    private async Task HandleAsync(CampaignDefinition campaign, CampaignEntryRow entry, DateTimeOffset now)
    {
        var profile = await GrainFactory.GetGrain<ICustomerGrain>(CustomerKey.Of(_tenant, entry.CustomerId)).GetAsync();
        if (profile is null)
        {
            metrics.Suppressed(_tenant, campaign.Id, SendCauses.CustomerUnknown);
            await UpdateAsync(entry, EntryStatuses.Suppressed, "customer unknown", now);
            return;
        }

        var customer = new CampaignCustomer(profile.Stage, profile.Vip, profile.Advocate, profile.Spend365, profile.Unsubscribed, profile.LastOrderAt);
        var tenantCap = options.Value.TenantCap;
        var sentByCampaign = campaign.Cap is { } cap
            ? await store.CountSentAsync(_tenant, campaign.Id, entry.CustomerId, now.AddDays(-cap.WindowDays), CancellationToken.None)
            : 0;
        var messages = campaign.Action.IsMessage
            ? await store.CountSentAsync(_tenant, null, entry.CustomerId, now.AddDays(-tenantCap.WindowDays), CancellationToken.None)
            : 0;
        var decision = SendDecision.Decide(campaign, entry.EnteredAt, customer, now, tenants.TimeZoneOf(_tenant), sentByCampaign, messages, tenantCap);
        if (decision.Verdict != SendVerdict.Send)
        {
            metrics.Suppressed(_tenant, campaign.Id, decision.Cause);
        }

        switch (decision.Verdict)
        {
            case SendVerdict.Send:
                var outcome = await actions.ActAsync(_tenant, campaign, entry, now, _traceLinks.For(entry.CustomerId, entry.Sequence));
                await store.UpdateAsync(outcome.ToUpdate(_tenant, campaign.Id, entry, now), CancellationToken.None);
                if (outcome.Status == EntryStatuses.DeadLettered)
                {
                    LogDeadLettered(logger, _tenant, campaign.Id, entry.CustomerId, entry.Sequence, outcome.Error);
                }

                break;
            case SendVerdict.Defer:
                await store.UpdateAsync(
                    new CampaignEntryUpdate(_tenant, campaign.Id, entry.CustomerId, entry.Sequence, EntryStatuses.Pending, decision.Reason, decision.Until!.Value, entry.Attempts, entry.LastError, null, null),
                    CancellationToken.None);
                break;
            default:
                await UpdateAsync(entry, decision.Verdict == SendVerdict.Cancel ? EntryStatuses.Cancelled : EntryStatuses.Suppressed, decision.Reason, now);
                break;
        }
    }

    private Task UpdateAsync(CampaignEntryRow entry, string status, string reason, DateTimeOffset now) =>
        store.UpdateAsync(
            new CampaignEntryUpdate(_tenant, _campaignId, entry.CustomerId, entry.Sequence, status, reason, now, entry.Attempts, entry.LastError, null, null),
            CancellationToken.None);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = (await store.CampaignsAsync(_tenant, cancellationToken)).FirstOrDefault(c => c.CampaignId == _campaignId);
        _campaign = stored is null ? null : CampaignDirectory.ToRecord(stored);
        if (_campaign is not null)
        {
            directory.Put(_tenant, _campaign);
        }
    }

    private void EnsureTimer()
    {
        if (_timer is not null || _campaign is null)
        {
            return;
        }

        var interval = options.Value.PollInterval;
        _timer = this.RegisterGrainTimer(
            async _ =>
            {
                try
                {
                    await RunDueAsync();
                }
                catch (Exception ex)
                {
                    StorageUnreachable.Log(logger, "Campaign pass", ex, e => LogRunFailed(logger, e, _tenant, _campaignId));
                }
            },
            new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {Tenant}/{Campaign}: the entry of {CustomerId} (transition {Sequence}) is dead-lettered: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string tenant, string campaign, string customerId, long sequence, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {Tenant}/{Campaign}: a pass over the due entries failed; the next one retries")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string tenant, string campaign);
}
