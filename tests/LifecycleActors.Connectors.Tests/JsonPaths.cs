using System.Text.Json.Nodes;

namespace LifecycleActors.Connectors.Tests;

/// <summary>Edits a JSON tree at a field path in the mapping's notation (<c>refunds[0].total</c>).</summary>
internal static class JsonPaths
{
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        if (parent is JsonArray array)
        {
            array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent.AsObject()[last] = value;
        }
    }

    public static void Remove(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        parent.AsObject().Remove(last);
    }

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string path)
    {
        var steps = path.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Split('.');
        JsonNode node = root;
        foreach (var step in steps[..^1])
        {
            node = node is JsonArray array ? array[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)]! : node[step]!;
        }

        return (node, steps[^1]);
    }
}
