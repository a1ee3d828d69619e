using System.Text.Json;
using System.Text.Json.Nodes;
using LifecycleActors.Abstractions;
using LifecycleActors.Campaigns;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Api;

/// <summary>Campaign management for a tenant's administrators: create, list, get, pause, resume, stats, dead letters.</summary>
public static class CampaignsEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static void MapCampaigns(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/v1/campaigns")
            .WithTags("Campaigns")
            .RequireAuthorization(AgentIdentity.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        // Campaign bodies are written as JSON objects; Campaign and CampaignRequest describe them.
        campaigns.MapPost("", CreateAsync)
            .Accepts<CampaignRequest>("application/json")
            .Produces<Campaign>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        campaigns.MapGet("", ListAsync).Produces<ItemList<Campaign>>();
        campaigns.MapGet("/{campaignId}", GetAsync).Produces<Campaign>().ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapPost("/{campaignId}/pause", (HttpContext http, string campaignId, ICampaignStore store, IGrainFactory grains, TimeProvider time, CancellationToken ct) =>
            SetPausedAsync(http, campaignId, true, store, grains, time, ct)).Produces<Campaign>().ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapPost("/{campaignId}/resume", (HttpContext http, string campaignId, ICampaignStore store, IGrainFactory grains, TimeProvider time, CancellationToken ct) =>
            SetPausedAsync(http, campaignId, false, store, grains, time, ct)).Produces<Campaign>().ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapGet("/{campaignId}/stats", StatsAsync).ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapGet("/{campaignId}/dead-letters", DeadLettersAsync).ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapPost("/{campaignId}/dead-letters/{customerId}/{sequence:long}/retry", RetryAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<WireCreated<JsonObject>, ProblemHttpResult>> CreateAsync(
        HttpContext http, ICampaignStore store, CampaignDirectory directory, IGrainFactory grains, IOptions<CampaignOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return ApiProblems.TooLarge("body", $"body: at most {MaxBodyBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return ApiProblems.BadRequest("body", "body: not valid JSON");
        }

        using (document)
        {
            var parsed = CampaignParser.Parse(document.RootElement);
            if (parsed.Definition is not { } campaign)
            {
                return ApiProblems.BadRequest(parsed.Field!, parsed.Error!);
            }

            if (campaign.Action.IsMessage
                && new WebhookUrlPolicy { AllowPrivateNetworks = options.Value.AllowPrivateNetworks }.Validate(campaign.Action.Url!.ToString(), out _) is { } urlProblem)
            {
                return ApiProblems.BadRequest(WebhookUrlPolicy.Field, urlProblem);
            }

            var agent = AgentIdentity.Of(http);
            var stored = new StoredCampaign(agent.Tenant, campaign.Id, CampaignJson.ToStored(campaign), false, time.GetUtcNow());
            if (!await store.CreateAsync(stored, ct))
            {
                return ApiProblems.Create(StatusCodes.Status409Conflict, "Conflict", $"id: a campaign '{campaign.Id}' exists already", "id");
            }

            var record = CampaignDirectory.ToRecord(stored);
            directory.Put(agent.Tenant, record);
            await grains.GetGrain<ICampaignGrain>(CampaignKey.Of(agent.Tenant, campaign.Id)).ReloadAsync();
            return WireResults.Created(Show(record));
        }
    }

    private static async Task<WireOk<ItemList<JsonObject>>> ListAsync(HttpContext http, ICampaignStore store, CancellationToken ct)
    {
        var campaigns = await store.CampaignsAsync(AgentIdentity.Of(http).Tenant, ct);
        return WireResults.Ok(new ItemList<JsonObject>([.. campaigns.Select(c => Show(CampaignDirectory.ToRecord(c)))]));
    }

    private static async Task<Results<WireOk<JsonObject>, ProblemHttpResult>> GetAsync(HttpContext http, string campaignId, ICampaignStore store, CancellationToken ct) =>
        await FindAsync(http, campaignId, store, ct) is { } campaign ? WireResults.Ok(Show(campaign)) : NotFound(campaignId);

    private static async Task<Results<WireOk<JsonObject>, ProblemHttpResult>> SetPausedAsync(
        HttpContext http, string campaignId, bool paused, ICampaignStore store, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        var tenant = AgentIdentity.Of(http).Tenant;
        if (!await store.SetPausedAsync(tenant, campaignId, paused, time.GetUtcNow(), ct))
        {
            return NotFound(campaignId);
        }

        await grains.GetGrain<ICampaignGrain>(CampaignKey.Of(tenant, campaignId)).ReloadAsync();
        return await GetAsync(http, campaignId, store, ct);
    }

    private static async Task<Results<WireOk<CampaignStats>, ProblemHttpResult>> StatsAsync(HttpContext http, string campaignId, ICampaignStore store, CancellationToken ct)
    {
        if (await FindAsync(http, campaignId, store, ct) is not { } campaign)
        {
            return NotFound(campaignId);
        }

        var tenant = AgentIdentity.Of(http).Tenant;
        var entries = await store.EntriesAsync(tenant, campaignId, null, int.MaxValue, ct);
        var orders = await store.OrdersOfEnteredAsync(tenant, campaignId, ct);
        var stats = CampaignStats.Compute(
            campaign.Definition,
            [.. entries.Select(e => new EntryOutcome(e.CustomerId, e.EnteredAt, EntryStatusNames.Parse(e.Status)))],
            [.. orders.Select(o => new CustomerOrder(o.CustomerId, o.At, o.Amount))]);
        return WireResults.Ok(stats);
    }

    private static async Task<Results<WireOk<ItemList<DeadLetter>>, ProblemHttpResult>> DeadLettersAsync(HttpContext http, string campaignId, ICampaignStore store, CancellationToken ct)
    {
        if (await FindAsync(http, campaignId, store, ct) is null)
        {
            return NotFound(campaignId);
        }

        var tenant = AgentIdentity.Of(http).Tenant;
        var dead = (await store.EntriesAsync(tenant, campaignId, EntryStatuses.DeadLettered, 200, ct))
            .Concat(await store.EntriesAsync(tenant, campaignId, EntryStatuses.Failed, 200, ct));
        return WireResults.Ok(
            new ItemList<DeadLetter>([.. dead.Select(e => new DeadLetter(e.CustomerId, e.Sequence, e.Status, e.Attempts, e.LastError, e.Reason, e.EnteredAt))]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(
        HttpContext http, string campaignId, string customerId, long sequence, ICampaignStore store, IGrainFactory grains, CancellationToken ct)
    {
        var tenant = AgentIdentity.Of(http).Tenant;
        if (!await store.RetryDeadLetterAsync(tenant, campaignId, customerId, sequence, ct))
        {
            return ApiProblems.NotFound("sequence", $"no dead letter of campaign '{campaignId}' for customer '{customerId}' with sequence {sequence}");
        }

        await grains.GetGrain<ICampaignGrain>(CampaignKey.Of(tenant, campaignId)).EnsureRunningAsync();
        return TypedResults.NoContent();
    }

    private static async Task<CampaignRecord?> FindAsync(HttpContext http, string campaignId, ICampaignStore store, CancellationToken ct) =>
        (await store.CampaignsAsync(AgentIdentity.Of(http).Tenant, ct)).Where(c => c.CampaignId == campaignId).Select(CampaignDirectory.ToRecord).FirstOrDefault();

    private static ProblemHttpResult NotFound(string campaignId) => ApiProblems.NotFound("campaignId", $"no campaign '{campaignId}'");

    /// <summary>A campaign as the API shows it: the definition without its secret, plus its state.</summary>
    private static JsonObject Show(CampaignRecord record)
    {
        var json = CampaignJson.ToJson(record.Definition, includeSecret: false);
        json["paused"] = record.Paused;
        json["createdAt"] = record.CreatedAt;
        return json;
    }
}
