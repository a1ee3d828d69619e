using System.Text.Json;

namespace LifecycleActors.Abstractions;

/// <summary>The JSON conventions of the API and the read model: camelCase, nulls written.</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
