using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LifecycleActors.Silo.Api.OpenApi;

/// <summary>The document's title and description: who calls the API and how.</summary>
internal sealed class DocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Lifecycle Actors API",
            Version = "v1",
            Description = "Storefronts post events and read customers with their tenant's API key (`X-Api-Key`); "
                + "agents sign in at `POST /api/v1/auth/login` and call with the bearer token it answers. "
                + "Errors are RFC 9457 problem details (`application/problem+json`) whose `field` names the offending input.",
        };
        return Task.CompletedTask;
    }
}
