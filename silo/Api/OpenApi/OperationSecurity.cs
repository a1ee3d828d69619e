using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LifecycleActors.Silo.Api.OpenApi;

/// <summary>
/// Each operation's security requirement, read from its endpoint's metadata: the tenant endpoints take an API key, or
/// for reads an agent's token too; endpoints with an authorization policy take an agent's token; the rest are public.
/// </summary>
internal sealed class OperationSecurity : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var schemes = new List<string>();
        if (metadata.OfType<TenantAuthenticationMetadata>().Any())
        {
            schemes.Add(SecuritySchemes.ApiKey);
            if (TenantAuthentication.AcceptsAgentToken(context.Description.HttpMethod ?? ""))
            {
                schemes.Add(SecuritySchemes.Bearer);
            }
        }
        else if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            schemes.Add(SecuritySchemes.Bearer);
        }

        if (schemes.Count > 0)
        {
            // Alternatives: each requirement alone is enough.
            operation.Security = [.. schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, context.Document)] = [] })];
        }

        return Task.CompletedTask;
    }
}
