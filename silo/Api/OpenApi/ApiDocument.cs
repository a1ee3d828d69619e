using Scalar.AspNetCore;

namespace LifecycleActors.Silo.Api.OpenApi;

/// <summary>
/// The OpenAPI document of the HTTP API at <c>GET /openapi/v1.json</c> and its reference page at <c>/api/docs</c>.
/// Both are public: they describe the endpoints, the schemas and how to authenticate, never a tenant's data.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/{documentName}.json";
    public const string ReferencePath = "/api/docs";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            options.AddDocumentTransformer<DocumentInfo>();
            options.AddDocumentTransformer<SecuritySchemes>();
            options.AddOperationTransformer<OperationSecurity>();
            options.AddSchemaTransformer<WireSchemas>();
        });

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi(Path).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Lifecycle Actors API")
            .WithOpenApiRoutePattern(Path)
            .AddDocument(Name)
            .DisableDefaultFonts()
            .DisableTelemetry())
            .AllowAnonymous();
        return app;
    }
}
