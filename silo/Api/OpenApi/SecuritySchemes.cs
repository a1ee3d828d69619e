using LifecycleActors.Dashboard.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LifecycleActors.Silo.Api.OpenApi;

/// <summary>The two ways in: a tenant's API key in <c>X-Api-Key</c>, and an agent's bearer token from the login.</summary>
internal sealed class SecuritySchemes : IOpenApiDocumentTransformer
{
    public const string ApiKey = "ApiKey";
    public const string Bearer = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(ApiKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = TenantAuthentication.Header,
            Description = "The tenant's API key: opens every storefront endpoint of that tenant.",
        });
        document.AddComponent<IOpenApiSecurityScheme>(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = $"An agent's token from POST /api/v1/auth/login, valid {AgentTokens.Lifetime.TotalHours:0} hours: "
                + "opens the reads of the agent's own tenant, the work queue, and for administrators the campaigns.",
        });
        return Task.CompletedTask;
    }
}
