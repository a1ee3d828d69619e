using System.Text.Json;
using LifecycleActors.Connectors;
using LifecycleActors.Silo.Api;
using LifecycleActors.Storage.Connectors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Connectors;

/// <summary>
/// Connector management for a tenant's administrators: create, list, get (with webhook counts and the last errors),
/// delete, rotate the secret; and the privacy requests platforms have sent. The secret is taken, never returned.
/// </summary>
public static class ConnectorsEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int LastErrors = 20;

    public static void MapConnectors(this IEndpointRouteBuilder app)
    {
        var connectors = app.MapGroup("/api/v1/connectors")
            .WithTags("Connectors")
            .RequireAuthorization(AgentIdentity.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        connectors.MapPost("", CreateAsync)
            .Accepts<ConnectorRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        connectors.MapGet("", ListAsync);
        connectors.MapGet("/{connectorId}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        connectors.MapDelete("/{connectorId}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        connectors.MapPost("/{connectorId}/secret", RotateAsync)
            .Accepts<SecretRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        app.MapGet("/api/v1/privacy-requests", PrivacyRequestsAsync)
            .WithTags("Connectors")
            .RequireAuthorization(AgentIdentity.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<WireCreated<ConnectorView>, ProblemHttpResult>> CreateAsync(
        HttpContext http, ConnectorDirectory directory, IConnectorStore store, TimeProvider time, CancellationToken ct)
    {
        var (body, problem) = await ReadObjectAsync(http, ct);
        if (problem is not null)
        {
            return problem;
        }

        var id = Text(body, "id");
        var platformName = Text(body, "platform");
        var secret = Text(body, "secret");
        var keyName = Text(body, "customerKey") ?? CustomerKeyMode.PlatformId.Name();
        if (ConnectorRules.IdProblem(id) is { } idProblem)
        {
            return ApiProblems.BadRequest("id", $"id: {idProblem}");
        }

        if (!ShopPlatformNames.TryParse(platformName, out var platform))
        {
            return ApiProblems.BadRequest("platform", "platform: must be shopify, shopware or woocommerce");
        }

        if (ConnectorRules.SecretProblem(secret) is { } secretProblem)
        {
            return ApiProblems.BadRequest("secret", $"secret: {secretProblem}");
        }

        if (!CustomerKeyModeNames.TryParse(keyName, out var customerKey))
        {
            return ApiProblems.BadRequest("customerKey", "customerKey: must be platform-id or email-hash");
        }

        var tenant = AgentIdentity.Of(http).Tenant;
        var now = time.GetUtcNow();
        if (directory.IsConfigured(id!)
            || !await store.CreateAsync(new StoredConnector(tenant, id!, platform.Name(), secret!, customerKey.Name(), now, now), ct))
        {
            return ApiProblems.Create(StatusCodes.Status409Conflict, "Conflict", $"id: a connector '{id}' exists already (ids are the webhook URL, unique across the service)", "id");
        }

        return WireResults.Created(ConnectorView.Of(new Connector(tenant, id!, platform, secret!, customerKey, false, now)));
    }

    private static async Task<WireOk<ItemList<ConnectorView>>> ListAsync(HttpContext http, ConnectorDirectory directory, CancellationToken ct) =>
        WireResults.Ok(new ItemList<ConnectorView>([.. (await directory.OfTenantAsync(AgentIdentity.Of(http).Tenant, ct)).Select(c => ConnectorView.Of(c))]));

    private static async Task<Results<WireOk<ConnectorView>, ProblemHttpResult>> GetAsync(
        HttpContext http, string connectorId, ConnectorDirectory directory, IConnectorStore store, CancellationToken ct)
    {
        if (await OwnAsync(http, connectorId, directory, ct) is not { } connector)
        {
            return NotFound(connectorId);
        }

        var counts = await store.CountsAsync(connector.Tenant, connector.Id, ct);
        var errors = await store.LastErrorsAsync(connector.Tenant, connector.Id, LastErrors, ct);
        return WireResults.Ok(ConnectorView.Of(connector, counts, errors));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext http, string connectorId, ConnectorDirectory directory, IConnectorStore store, CancellationToken ct)
    {
        if (await OwnAsync(http, connectorId, directory, ct) is not { } connector)
        {
            return NotFound(connectorId);
        }

        if (connector.FromConfiguration)
        {
            return Configured(connectorId);
        }

        return await store.DeleteAsync(connector.Tenant, connectorId, ct) ? TypedResults.NoContent() : NotFound(connectorId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RotateAsync(
        HttpContext http, string connectorId, ConnectorDirectory directory, IConnectorStore store, TimeProvider time, CancellationToken ct)
    {
        if (await OwnAsync(http, connectorId, directory, ct) is not { } connector)
        {
            return NotFound(connectorId);
        }

        if (connector.FromConfiguration)
        {
            return Configured(connectorId);
        }

        var (body, problem) = await ReadObjectAsync(http, ct);
        if (problem is not null)
        {
            return problem;
        }

        var secret = Text(body, "secret");
        if (ConnectorRules.SecretProblem(secret) is { } secretProblem)
        {
            return ApiProblems.BadRequest("secret", $"secret: {secretProblem}");
        }

        return await store.SetSecretAsync(connector.Tenant, connectorId, secret!, time.GetUtcNow(), ct) ? TypedResults.NoContent() : NotFound(connectorId);
    }

    private static async Task<WireOk<ItemList<PrivacyRequestView>>> PrivacyRequestsAsync(HttpContext http, IConnectorStore store, CancellationToken ct)
    {
        var requests = await store.PrivacyRequestsAsync(AgentIdentity.Of(http).Tenant, 200, ct);
        return WireResults.Ok(new ItemList<PrivacyRequestView>([.. requests.Select(r => new PrivacyRequestView(
            r.ConnectorId, r.Topic, r.CustomerId, r.EmailCustomerId, r.RequestId, JsonSerializer.Deserialize<List<string>>(r.OrderIdsJson) ?? [], r.ReceivedAt))]));
    }

    /// <summary>The connector if it is the caller's tenant's; another tenant's is as unknown as a missing one.</summary>
    private static async Task<Connector?> OwnAsync(HttpContext http, string connectorId, ConnectorDirectory directory, CancellationToken ct) =>
        await directory.FindAsync(connectorId, ct) is { } connector && connector.Tenant == AgentIdentity.Of(http).Tenant ? connector : null;

    private static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadObjectAsync(HttpContext http, CancellationToken ct)
    {
        if (await RequestBodies.ReadAtMostAsync(http.Request, MaxBodyBytes, ct) is not { } bytes)
        {
            return (default, ApiProblems.TooLarge("body", $"body: at most {MaxBodyBytes} bytes"));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, ApiProblems.BadRequest("body", "body: must be a JSON object"));
        }
        catch (JsonException)
        {
            return (default, ApiProblems.BadRequest("body", "body: not valid JSON"));
        }
    }

    /// <summary>A string property, or null when it is absent or not a string.</summary>
    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ProblemHttpResult NotFound(string connectorId) => ApiProblems.NotFound("connectorId", $"no connector '{connectorId}'");

    private static ProblemHttpResult Configured(string connectorId) => ApiProblems.Create(
        StatusCodes.Status409Conflict, "Conflict", $"connectorId: '{connectorId}' is defined in configuration (Lifecycle:Connectors); change it there", "connectorId");
}
