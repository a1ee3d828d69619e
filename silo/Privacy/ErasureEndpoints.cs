using LifecycleActors.Silo.Api;
using LifecycleActors.Storage.Erasure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Privacy;

/// <summary>
/// Erasure (GDPR Art. 17, ADR 0016): <c>DELETE /api/v1/customers/{customerId}</c> starts one, <c>GET
/// /api/v1/erasures/{erasureId}</c> follows it, <c>GET /api/v1/erasures</c> is the tenant's audit trail.
/// </summary>
public static class ErasureEndpoints
{
    private const int AuditPage = 200;
    private const int MaxAuditPage = 1000;

    public static void MapErasures(this RouteGroupBuilder group)
    {
        var api = group.MapGroup("").WithTags("Privacy");
        api.MapDelete("/customers/{customerId}", RequestAsync)
            .WithMetadata(new AdministratorWriteMetadata())
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/erasures/{erasureId}", FindAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/erasures", ListAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Accepted<ErasureAnswer>, ProblemHttpResult>> RequestAsync(
        HttpContext http, string customerId, IErasureStore store, ErasureRunner runner, TimeProvider time, CancellationToken cancellationToken)
    {
        if (CustomersEndpoints.CustomerIdProblem(customerId) is { } problem)
        {
            return problem;
        }

        var erasure = await store.RequestAsync(http.Tenant(), customerId, RequestedBy(http), time.GetUtcNow(), cancellationToken);
        runner.Wake();
        return TypedResults.Accepted($"/api/v1/erasures/{Uri.EscapeDataString(erasure.ErasureId)}", ErasureAnswer.Of(erasure));
    }

    private static async Task<Results<WireOk<ErasureAnswer>, ProblemHttpResult>> FindAsync(HttpContext http, string erasureId, IErasureStore store, CancellationToken cancellationToken)
    {
        if (Refused(http) is { } refused)
        {
            return refused;
        }

        return await store.FindAsync(http.Tenant(), erasureId, cancellationToken) is { } erasure
            ? WireResults.Ok(ErasureAnswer.Of(erasure))
            : ApiProblems.NotFound("erasureId", $"no erasure '{erasureId}'");
    }

    private static async Task<Results<WireOk<ItemList<ErasureAnswer>>, ProblemHttpResult>> ListAsync(
        HttpContext http, string? status, string? limit, IErasureStore store, CancellationToken cancellationToken)
    {
        if (Refused(http) is { } refused)
        {
            return refused;
        }

        if (status is not (null or ErasureRecord.Pending or ErasureRecord.Done))
        {
            return ApiProblems.BadRequest("status", $"status: must be {ErasureRecord.Pending} or {ErasureRecord.Done}");
        }

        if (!PageCursor.TryLimit(limit, AuditPage, MaxAuditPage, out var pageSize))
        {
            return ApiProblems.BadRequest("limit", $"limit: must be an integer 1..{MaxAuditPage}");
        }

        var erasures = await store.ListAsync(http.Tenant(), status, pageSize, cancellationToken);
        return WireResults.Ok(new ItemList<ErasureAnswer>([.. erasures.Select(ErasureAnswer.Of)]));
    }

    /// <summary>Erasures and exports are the tenant's API key's and its administrators' business, not every agent's.</summary>
    internal static ProblemHttpResult? Refused(HttpContext http) =>
        http.Request.Headers.ContainsKey(TenantAuthentication.Header) || AgentIdentity.IsAdmin(http.User)
            ? null
            : ApiProblems.Create(StatusCodes.Status403Forbidden, "Forbidden", "Authorization: erasures and exports are for the tenant's API key and administrators only", "Authorization");

    private static string RequestedBy(HttpContext http) =>
        http.Request.Headers.ContainsKey(TenantAuthentication.Header) ? "api-key" : "agent:" + AgentIdentity.Of(http).Username;
}

/// <summary>An erasure on the wire: no customer id, ever (the audit trail keeps none).</summary>
public sealed record ErasureAnswer(
    string ErasureId, string Status, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt, IReadOnlyDictionary<string, long> Counts)
{
    public static ErasureAnswer Of(ErasureRecord erasure) =>
        new(erasure.ErasureId, erasure.Status, erasure.RequestedBy, erasure.RequestedAt, erasure.FinishedAt, erasure.Counts);
}
