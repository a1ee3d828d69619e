using System.Text.Encodings.Web;
using System.Text.Json;

namespace LifecycleActors.Abstractions;

/// <summary>
/// The JSON conventions of the API and the read model: camelCase, nulls written, and only what JSON itself requires
/// escaped (these documents are served as <c>application/json</c>; the dashboard HTML-encodes what it shows).
/// </summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
