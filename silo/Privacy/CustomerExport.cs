using System.Buffers;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Silo.Privacy;

/// <summary>
/// Everything held about one customer (GDPR Art. 15), as one JSON document written while it is read (a page at a time): its profile, its
/// events (those of the anonymous ids linked to it included), its transitions with their reasons, its campaign entries
/// and its tasks. Events and transitions are read a page at a time and written as they come, newest first.
/// </summary>
public sealed class CustomerExport(IEventLog log, IReadModel readModel, ICampaignStore campaigns)
{
    private const int Page = 500;

    public async Task WriteAsync(Stream body, string tenant, string customerId, CustomerProfile? profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Written to memory and copied out a page at a time: the response stream takes no synchronous writes.
        var buffer = new ArrayBufferWriter<byte>();
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteString("tenant", tenant);
        json.WriteString("customerId", customerId);
        json.WriteString("exportedAt", now);
        json.WritePropertyName("profile");
        JsonSerializer.Serialize(json, profile, WireJson.Options);

        json.WriteStartArray("events");
        TimelineCursor? before = null;
        IReadOnlyList<TimelineEvent> events;
        do
        {
            events = await log.ReadTimelineAsync(tenant, customerId, before, Page, cancellationToken);
            foreach (var e in events)
            {
                json.WriteStartObject();
                json.WriteString("eventId", e.EventId);
                json.WriteString("type", e.Type);
                json.WriteString("occurredAt", e.OccurredAt);
                json.WriteString("receivedAt", e.ReceivedAt);
                json.WritePropertyName("data");
                json.WriteRawValue(e.DataJson);
                json.WriteEndObject();
            }

            await DrainAsync();
            before = events.Count > 0 ? new TimelineCursor(events[^1].OccurredAt.UtcTicks, events[^1].Position) : null;
        }
        while (events.Count == Page);

        json.WriteEndArray();

        json.WriteStartArray("transitions");
        TimelineCursor? beforeTransition = null;
        IReadOnlyList<TransitionRecord> transitions;
        do
        {
            transitions = await readModel.TransitionsAsync(tenant, customerId, beforeTransition, Page, cancellationToken);
            foreach (var transition in transitions)
            {
                JsonSerializer.Serialize(json, transition, WireJson.Options);
            }

            await DrainAsync();
            beforeTransition = transitions.Count > 0 ? new TimelineCursor(transitions[^1].At.UtcTicks, transitions[^1].Sequence) : null;
        }
        while (transitions.Count == Page);

        json.WriteEndArray();

        var history = await campaigns.CustomerHistoryAsync(tenant, customerId, cancellationToken);
        json.WritePropertyName("campaignEntries");
        JsonSerializer.Serialize(json, history.Entries, WireJson.Options);
        json.WriteStartArray("tasks");
        foreach (var task in history.Tasks)
        {
            json.WriteStartObject();
            json.WriteString("taskId", task.TaskId);
            json.WriteString("campaignId", task.CampaignId);
            json.WriteString("title", task.Title);
            json.WriteString("reason", task.Reason);
            json.WriteString("status", task.Status);
            json.WriteString("createdAt", task.CreatedAt);
            json.WriteString("updatedAt", task.UpdatedAt);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await DrainAsync();

        async Task DrainAsync()
        {
            await json.FlushAsync(cancellationToken);
            await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
            buffer.ResetWrittenCount();
        }
    }
}
