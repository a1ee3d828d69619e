using System.Reflection;
using System.Text.Json;
using LifecycleActors.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// A JSON body with a status code, written as <c>Results.Json</c> writes it, that declares its status and type to the
/// endpoint metadata (which <see cref="JsonHttpResult{TValue}"/> does not). <see cref="Ok{TValue}"/> and its kin write
/// with the host's JSON options; the API's own bodies are written with <see cref="WireJson.Options"/>, the conventions
/// the read model's stored JSON is written with too, whatever the host's options become.
/// </summary>
public abstract class JsonAnswer<TValue>(TValue value, int statusCode, JsonSerializerOptions? options)
    : IResult, IStatusCodeHttpResult, IValueHttpResult<TValue>, IContentTypeHttpResult
{
    public TValue Value => value;

    public int? StatusCode => statusCode;

    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Json(value, options, statusCode: statusCode).ExecuteAsync(httpContext);

    protected static void Describe(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(TValue), ["application/json"]));
}

/// <summary>200 with a body in the wire conventions (<see cref="WireJson.Options"/>).</summary>
public sealed class WireOk<TValue>(TValue value) : JsonAnswer<TValue>(value, StatusCodes.Status200OK, WireJson.Options), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status200OK);
}

/// <summary>201 with a body in the wire conventions (<see cref="WireJson.Options"/>) and no <c>Location</c>.</summary>
public sealed class WireCreated<TValue>(TValue value) : JsonAnswer<TValue>(value, StatusCodes.Status201Created, WireJson.Options), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status201Created);
}

/// <summary>503 with a body in the host's JSON options.</summary>
public sealed class Unavailable<TValue>(TValue value) : JsonAnswer<TValue>(value, StatusCodes.Status503ServiceUnavailable, null), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status503ServiceUnavailable);
}

/// <summary>The <see cref="TypedResults"/> of the wire conventions, for type inference.</summary>
public static class WireResults
{
    public static WireOk<TValue> Ok<TValue>(TValue value) => new(value);

    public static WireCreated<TValue> Created<TValue>(TValue value) => new(value);
}
