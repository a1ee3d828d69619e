using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace LifecycleActors.Api.Tests.OpenApi;

/// <summary>
/// The service's own OpenAPI document as a contract: the JSON Schema it gives for a response (path template, method,
/// status), with its <c>#/components/schemas/…</c> references resolved, checked against a real response body.
/// </summary>
internal sealed class ApiContract(JsonObject document)
{
    private const string ComponentsPrefix = "#/components/schemas/";

    public JsonObject Document => document;

    public static async Task<ApiContract> LoadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        return new ApiContract(JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Whether the document describes <paramref name="method"/> on <paramref name="pathTemplate"/>.</summary>
    public bool Describes(string pathTemplate, string method) =>
        document["paths"]?[pathTemplate]?[method.ToLowerInvariant()] is JsonObject;

    /// <summary>The media types and schema of a response, or a failure naming what the document lacks.</summary>
    public JsonObject Response(string pathTemplate, string method, int status)
    {
        var operation = document["paths"]?[pathTemplate]?[method.ToLowerInvariant()]
            ?? throw new Xunit.Sdk.XunitException($"the document has no {method} {pathTemplate}");
        return operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?.AsObject()
            ?? throw new Xunit.Sdk.XunitException($"{method} {pathTemplate}: the document declares no {status} response");
    }

    /// <summary>Checks a real response: its status is declared, its media type is, and its body matches that schema.</summary>
    public async Task AssertMatchesAsync(HttpResponseMessage response, string pathTemplate)
    {
        var method = response.RequestMessage!.Method.Method;
        var declared = Response(pathTemplate, method, (int)response.StatusCode);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (declared["content"] is not JsonObject content)
        {
            Assert.True(body.Length == 0, $"{method} {pathTemplate} {(int)response.StatusCode}: the document declares no body, the service wrote {body}");
            return;
        }

        Assert.True(
            mediaType is not null && content.ContainsKey(mediaType),
            $"{method} {pathTemplate} {(int)response.StatusCode}: answered {mediaType}, the document declares {string.Join(", ", content.Select(c => c.Key))}");
        var schema = content[mediaType!]!["schema"]!;
        using var instance = JsonDocument.Parse(body);
        var results = Evaluate(schema, instance.RootElement);
        Assert.True(
            results.IsValid,
            $"{method} {pathTemplate} {(int)response.StatusCode}: the body does not match the document's schema.\nbody: {body}\nerrors: {Errors(results)}");
    }

    /// <summary>Evaluates <paramref name="instance"/> against <paramref name="schema"/>, a schema of this document.</summary>
    public EvaluationResults Evaluate(JsonNode schema, JsonElement instance)
    {
        // The components become the $defs of one JSON Schema (OpenAPI 3.1 schemas are JSON Schema 2020-12).
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = document["components"]!["schemas"]!.DeepClone(),
            ["$ref"] = "#/$defs/__response",
        };
        root["$defs"]!["__response"] = schema.DeepClone();
        var text = root.ToJsonString().Replace("\"" + ComponentsPrefix, "\"#/$defs/", StringComparison.Ordinal);
        var built = JsonSchema.FromText(
            text,
            new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://lifecycle-actors.test/contract/{Guid.NewGuid():N}"));
        return built.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults results) =>
        string.Join(
            "\n",
            (results.Details ?? []).Append(results)
                .Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation} ({d.EvaluationPath}): {string.Join("; ", d.Errors!.Select(e => $"{e.Key}: {e.Value}"))}"));
}
