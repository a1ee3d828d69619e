using System.Globalization;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Silo.Api.Segments;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Api;

/// <summary>Customer state, timeline, listing and tenant stats (contract §6).</summary>
public static class CustomersEndpoints
{
    private const int MaxCustomerIdLength = 128;

    public static void MapCustomers(this RouteGroupBuilder group)
    {
        var api = group.MapGroup("").WithTags("Customers");
        // A literal segment outranks {customerId}, so this route is the export's.
        api.MapGet("/customers/export.csv", ExportAsync)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/customers/{customerId}", GetAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/customers/{customerId}/timeline", TimelineAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        // The items are the read model's stored JSON, each a customer profile.
        api.MapGet("/customers", ListAsync)
            .Produces<CursorPage<CustomerProfile>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/stats", StatsAsync);
    }

    /// <summary>The 400 for a customer id in a path that no event could have (over 128 characters), else null.</summary>
    internal static ProblemHttpResult? CustomerIdProblem(string customerId) =>
        customerId.Length > MaxCustomerIdLength ? ApiProblems.BadRequest("customerId", $"customerId: at most {MaxCustomerIdLength} characters") : null;

    private static async Task<Results<WireOk<CustomerProfile>, ProblemHttpResult>> GetAsync(HttpContext http, string customerId, IGrainFactory grains)
    {
        if (CustomerIdProblem(customerId) is { } problem)
        {
            return problem;
        }

        var profile = await grains.GetGrain<ICustomerGrain>(CustomerKey.Of(http.Tenant(), customerId)).GetAsync();
        return profile is null
            ? ApiProblems.NotFound("customerId", $"no customer '{customerId}'")
            : WireResults.Ok(profile);
    }

    private static async Task<Results<WireOk<CursorPage<TimelineEntry>>, ProblemHttpResult>> TimelineAsync(
        HttpContext http, string customerId, string? limit, string? cursor, IEventLog log, IReadModel readModel, CancellationToken cancellationToken)
    {
        if (!PageCursor.TryLimit(limit, 50, 500, out var pageSize))
        {
            return ApiProblems.BadRequest("limit", "limit: must be an integer 1..500");
        }

        if (!TimelineCursors.TryParse(cursor, out var position))
        {
            return ApiProblems.BadRequest("cursor", "cursor: not a cursor this API returned");
        }

        var tenant = http.Tenant();
        var events = await log.ReadTimelineAsync(tenant, customerId, position?.ForEvents(), pageSize, cancellationToken);
        var transitions = await readModel.TransitionsAsync(tenant, customerId, position?.ForTransitions(), pageSize, cancellationToken);
        return WireResults.Ok(TimelineCursors.Merge(events, transitions, pageSize));
    }

    private static async Task<Results<WireOk<CursorPage<JsonElement>>, ProblemHttpResult>> ListAsync(
        HttpContext http, [AsParameters] CustomerSegmentQuery segment, string? limit, string? cursor, IReadModel readModel, CancellationToken cancellationToken)
    {
        if (!segment.TryParse(out var filter, out var problem))
        {
            return problem!;
        }

        if (!PageCursor.TryLimit(limit, 50, 500, out var pageSize))
        {
            return ApiProblems.BadRequest("limit", "limit: must be an integer 1..500");
        }

        if (!PageCursor.TryDecode(cursor, out var after))
        {
            return ApiProblems.BadRequest("cursor", "cursor: not a cursor this API returned");
        }

        var views = await readModel.ListAsync(http.Tenant(), filter, after.Length == 0 ? null : after, pageSize + 1, cancellationToken);
        var items = views.Take(pageSize).Select(v => JsonDocument.Parse(v).RootElement).ToList();
        string? next = views.Count > pageSize ? PageCursor.Encode(items[^1].GetProperty("customerId").GetString()!) : null;
        return WireResults.Ok(new CursorPage<JsonElement>(items, next));
    }

    /// <summary>
    /// Every customer of the segment as CSV, streamed in chunks by id. The first chunk is read before the answer starts,
    /// so a storage failure is still a 503; a failure later cuts the download short (the client sees it incomplete).
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(
        HttpContext http, [AsParameters] CustomerSegmentQuery segment, IReadModel readModel, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!segment.TryParse(out var filter, out var problem))
        {
            return problem!;
        }

        var tenant = http.Tenant();
        var first = await CustomerCsv.ReadChunkAsync(readModel, tenant, filter, null, cancellationToken);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"customers-{time.GetUtcNow():yyyy-MM-dd-HHmm}.csv");
        return TypedResults.Stream(
            body => CustomerCsv.WriteAsync(body, readModel, tenant, filter, first, cancellationToken),
            "text/csv; charset=utf-8",
            fileName);
    }

    /// <summary>The tenant's counts, with every stage named (0 when none is in it), in the stages' order.</summary>
    private static async Task<WireOk<TenantStats>> StatsAsync(HttpContext http, IReadModel readModel, CancellationToken cancellationToken)
    {
        var stats = await readModel.StatsAsync(http.Tenant(), cancellationToken);
        var stages = Stages.All.ToDictionary(s => s.ToWireName(), s => stats.Stages.GetValueOrDefault(s.ToWireName()));
        return WireResults.Ok(stats with { Stages = stages });
    }
}

/// <summary>
/// Timeline paging over two sources (events by occurredAt, transitions by at) in one order: newest first, at equal
/// times events before transitions, then by log position or sequence, newest first.
/// </summary>
public static class TimelineCursors
{
    private const int EventRank = 1;
    private const int TransitionRank = 0;

    public sealed record Position(long Ticks, int Rank, long Order)
    {
        public TimelineCursor ForEvents() => Rank == EventRank ? new(Ticks, Order) : new(Ticks, Rank > EventRank ? long.MaxValue : 0);

        public TimelineCursor ForTransitions() => Rank == TransitionRank ? new(Ticks, Order) : new(Ticks, Rank > TransitionRank ? long.MaxValue : 0);
    }

    public static bool TryParse(string? cursor, out Position? position)
    {
        position = null;
        if (!PageCursor.TryDecode(cursor, out var text))
        {
            return false;
        }

        if (text.Length == 0)
        {
            return true;
        }

        var parts = text.Split(':');
        if (parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank is EventRank or TransitionRank
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var order))
        {
            position = new Position(ticks, rank, order);
            return true;
        }

        return false;
    }

    public static CursorPage<TimelineEntry> Merge(IReadOnlyList<TimelineEvent> events, IReadOnlyList<TransitionRecord> transitions, int limit)
    {
        var merged = events.Select(e => (
                Key: new Position(e.OccurredAt.UtcTicks, EventRank, e.Position),
                Item: new TimelineEntry(
                    "event",
                    e.OccurredAt,
                    new EventEntry(e.EventId, e.Type, e.OccurredAt, e.ReceivedAt, JsonDocument.Parse(e.DataJson).RootElement),
                    null)))
            .Concat(transitions.Select(t => (Key: new Position(t.At.UtcTicks, TransitionRank, t.Sequence), Item: new TimelineEntry("transition", t.At, null, t))))
            .OrderByDescending(x => x.Key.Ticks).ThenByDescending(x => x.Key.Rank).ThenByDescending(x => x.Key.Order)
            .ToList();
        var page = merged.Take(limit).ToList();
        var hasMore = merged.Count > limit || events.Count == limit || transitions.Count == limit;
        string? next = hasMore && page.Count > 0
            ? PageCursor.Encode(string.Create(CultureInfo.InvariantCulture, $"{page[^1].Key.Ticks}:{page[^1].Key.Rank}:{page[^1].Key.Order}"))
            : null;
        return new CursorPage<TimelineEntry>([.. page.Select(x => x.Item)], next);
    }
}
