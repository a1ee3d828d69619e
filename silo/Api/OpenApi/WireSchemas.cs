using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LifecycleActors.Silo.Api.OpenApi;

/// <summary>
/// Brings the generated schemas in line with what the API writes: numbers are JSON numbers (the host's options would
/// also read them from strings, which the generator describes as "number or string"); a property left out when null is
/// not required; problem details name the offending input in <c>field</c>.
/// </summary>
internal sealed class WireSchemas : IOpenApiSchemaTransformer
{
    private const JsonSchemaType Numeric = JsonSchemaType.Integer | JsonSchemaType.Number;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type & Numeric) != 0 && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(IsLeftOutWhenEmpty))
            {
                required.Remove(property.Name);
            }
        }

        if (context.JsonTypeInfo.Type == typeof(ProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["field"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The offending input: a body field (such as `id` or `body`), a query parameter or a header.",
            };
        }

        if (context.JsonTypeInfo.Type == typeof(LifecycleActors.Abstractions.TransitionRecord))
        {
            DescribeReasonCode(schema);
        }

        return Task.CompletedTask;
    }

    /// <summary>The reason's code and arguments (contract §4): the arguments are a JSON object, carried as its text inside the service.</summary>
    private static void DescribeReasonCode(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["reasonCode"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            Description = "The reason as a stable code (contract §4, reason codes), e.g. `lapse_no_order`; null on transitions stored before codes existed, which the screen shows with their English `reason`.",
        };
        schema.Properties["reasonArgs"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object | JsonSchemaType.Null,
            Description = "The numbers (and the order id or former stage) behind the reason, by name, e.g. `{\"days\": 75, \"expectedGapDays\": 30, \"gapSource\": \"default\", \"thresholdDays\": 75}`; amounts in the shop's currency. Null with `reasonCode`.",
        };
        schema.Required?.Remove("reasonCode");
        schema.Required?.Remove("reasonArgs");
    }

    private static bool IsLeftOutWhenEmpty(JsonPropertyInfo property) =>
        property.ShouldSerialize is not null
        || property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition is not JsonIgnoreCondition.Never) == true;
}
