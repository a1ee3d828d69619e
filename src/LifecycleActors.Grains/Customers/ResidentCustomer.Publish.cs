using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Rules;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Grains;

/// <summary>What others see of this customer: its read-model row, live updates, transitions and the campaign feed.</summary>
public sealed partial class ResidentCustomer
{
    /// <summary>Rows or transitions this customer queued that it has not seen committed.</summary>
    private bool _rowsUnflushed;

    /// <summary>Waits until everything the silo's read-model writer holds, this customer's rows among it, is committed.</summary>
    private async Task FlushRowsAsync(CancellationToken cancellationToken = default)
    {
        var queued = _rowsUnflushed;
        _rowsUnflushed = false;
        try
        {
            await _services.ReadModel.FlushAsync(cancellationToken);
        }
        catch
        {
            _rowsUnflushed |= queued;
            throw;
        }
    }

    /// <summary>The rows this customer queued are committed before it leaves memory (see <see cref="UnloadAsync"/>).</summary>
    private Task FlushOwnRowsAsync(CancellationToken cancellationToken) =>
        _rowsUnflushed ? FlushRowsAsync(cancellationToken) : Task.CompletedTask;

    private void Publish(IReadOnlyList<Transition> transitions, DateTimeOffset detectedAt)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        var records = new TransitionRecord[transitions.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = transitions[i].ToRecord(_tenant, _customerId, detectedAt);
            Measure(transitions[i], records[i]);
        }

        using var span = EventPathSpans.Transition(_tenant, records, static r => r.Kind);
        _services.ReadModel.Enqueue(records);
        _rowsUnflushed = true;
        _services.Live.Transitions(records);
        Feed(records, detectedAt);
    }

    /// <summary>Counts a transition by kind and cause; a time-driven one also by how long after falling due it was found.</summary>
    private void Measure(Transition transition, TransitionRecord record)
    {
        _services.Metrics.Transition(_tenant, record.Kind, transition.TimeDriven);
        if (transition.TimeDriven)
        {
            _services.Metrics.TimeDrivenLag(_tenant, record.Kind, record.DetectedAt - transition.At);
        }
    }

    /// <summary>Keeps the transitions some campaign is triggered by, to hand them over (<see cref="CampaignFeed"/>).</summary>
    private void Feed(IReadOnlyList<TransitionRecord> records, DateTimeOffset now)
    {
        if (!records.Any(r => _services.Campaigns.Triggered(_tenant, r.Kind, r.To).Any()))
        {
            return;
        }

        var view = Rules.View(State.Rules, _services.TenantFacts.For(_tenant), now);
        // Replaced, never changed in place: a snapshot write may be reading it.
        State.CampaignFeed = [.. State.CampaignFeed, .. CampaignFeed.Candidates(_services.Campaigns, _tenant, records, view)];
        RequestSending();
    }

    private void EnqueueRow(DateTimeOffset now, long? snapshotPosition = null)
    {
        var facts = _services.TenantFacts.For(_tenant);
        var view = Rules.View(State.Rules, facts, now);
        var profile = view.ToProfile(_customerId, State.UpdatedAt, State.Rules.EventsApplied);
        _services.Live.CustomerChanged(_tenant, profile);
        _rowsUnflushed = true;
        var applied = Math.Max(_applied.Watermark, _applied.Highest);
        _services.ReadModel.Enqueue(new CustomerRow(
            _tenant,
            _customerId,
            State.Rules.Stage.ToWireName(),
            State.Rules.Vip,
            State.Rules.Advocate,
            view.NetSpend,
            view.Spend365,
            State.Rules.EventsApplied - State.MergedEvents,
            applied,
            snapshotPosition ?? 0,
            DueAt(now),
            State.UpdatedAt ?? now,
            JsonSerializer.Serialize(profile, WireJson.Options),
            PopulationMapping.InputsOf(State.Rules, view),
            State.LinkedAnonymousIds));
    }

    /// <summary>
    /// When the scheduler should wake this customer: its next time-driven change, or now while it has something
    /// unsent, so that a customer that went to storage with a pending message (a silo stopped, a campaign was
    /// unreachable) is brought back to send it.
    /// </summary>
    private DateTimeOffset? DueAt(DateTimeOffset now) =>
        HasUnsent && (State.Rules.NextChangeAt is not { } next || next > now) ? now : State.Rules.NextChangeAt;
}
