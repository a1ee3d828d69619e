using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests.OpenApi;

/// <summary>An endpoint the host mapped, with its path written as the OpenAPI document writes paths.</summary>
internal sealed record MappedEndpoint(string Path, string? Method, EndpointMetadataCollection Metadata)
{
    public override string ToString() => $"{Method ?? "ANY"} {Path} ({Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? Metadata.GetMetadata<MethodInfo>()?.Name ?? "-"})";

    /// <summary>Every route endpoint of the host, one per HTTP method.</summary>
    public static IReadOnlyList<MappedEndpoint> Of(WebApplication app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [null!])
                .Select(m => new MappedEndpoint(PathOf(e.RoutePattern), m, e.Metadata)))];

    /// <summary><c>/a/{id:long}/{**rest}</c> → <c>/a/{id}/{rest}</c>.</summary>
    private static string PathOf(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                    _ => throw new InvalidOperationException($"unexpected route part {part}"),
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }
}
