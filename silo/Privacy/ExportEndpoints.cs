using System.Globalization;
using LifecycleActors.Abstractions;
using LifecycleActors.Silo.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Privacy;

/// <summary><c>GET /api/v1/customers/{customerId}/export</c>: everything held about a customer (GDPR Art. 15), streamed.</summary>
public static class ExportEndpoints
{

    public static void MapExport(this RouteGroupBuilder group) =>
        group.MapGroup("").WithTags("Privacy")
            .MapGet("/customers/{customerId}/export", ExportAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// The profile is read before the answer starts, so an unknown customer is a 404 and a storage failure a 503; a
    /// failure later cuts the document short (the client sees invalid JSON, not a complete-looking export).
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(
        HttpContext http, string customerId, IGrainFactory grains, CustomerExport export, TimeProvider time, CancellationToken cancellationToken)
    {
        if (CustomersEndpoints.CustomerIdProblem(customerId) is { } problem)
        {
            return problem;
        }

        if (ErasureEndpoints.Refused(http) is { } refused)
        {
            return refused;
        }

        var tenant = http.Tenant();
        var profile = await grains.GetGrain<ICustomerGrain>(CustomerKey.Of(tenant, customerId)).GetAsync();
        if (profile is null)
        {
            return ApiProblems.NotFound("customerId", $"no customer '{customerId}'");
        }

        return TypedResults.Stream(
            body => export.WriteAsync(body, tenant, customerId, profile, time.GetUtcNow(), cancellationToken),
            "application/json; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture, $"customer-export-{time.GetUtcNow():yyyy-MM-dd}.json"));
    }
}
