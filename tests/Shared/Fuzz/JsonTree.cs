using System.Text.Json;

namespace LifecycleActors.Tests.Fuzz;

/// <summary>
/// A JSON document as an editable tree whose leaves are raw JSON text, so that generated edits can put anything anywhere:
/// hostile values, duplicate names, dropped properties or elements.
/// </summary>
public sealed class JsonTree
{
    private readonly List<(string? Name, object Value)> _children = [];
    private readonly bool _isArray;

    private JsonTree(bool isArray) => _isArray = isArray;

    public static JsonTree Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return (JsonTree)From(document.RootElement);
    }

    /// <summary>Edits the n-th member (depth first, modulo their number): 0 drops it, 1 doubles it, 2 wraps it, else replaces it.</summary>
    public void Edit(int n, string hostile, int mode)
    {
        var all = Members().ToList();
        if (all.Count == 0)
        {
            return;
        }

        var (owner, index) = all[n % all.Count];
        var (name, value) = owner._children[index];
        switch (mode)
        {
            case 0:
                owner._children.RemoveAt(index);
                break;
            case 1:
                owner._children.Insert(index, (name, hostile));
                break;
            case 2:
                owner._children[index] = (name, "[" + (value is JsonTree tree ? tree.ToJson() : (string)value) + "]");
                break;
            default:
                owner._children[index] = (name, hostile);
                break;
        }
    }

    public string ToJson()
    {
        var members = _children.Select(c => c.Value is JsonTree tree ? tree.ToJson() : (string)c.Value);
        return _isArray
            ? "[" + string.Join(",", members) + "]"
            : HostileJson.Object(_children.Select(c => (c.Name!, c.Value is JsonTree tree ? tree.ToJson() : (string)c.Value)));
    }

    private static object From(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonTree(isArray: false);
                foreach (var property in element.EnumerateObject())
                {
                    obj._children.Add((property.Name, From(property.Value)));
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonTree(isArray: true);
                foreach (var item in element.EnumerateArray())
                {
                    array._children.Add((null, From(item)));
                }

                return array;
            default:
                return element.GetRawText();
        }
    }

    private IEnumerable<(JsonTree Owner, int Index)> Members()
    {
        for (var i = 0; i < _children.Count; i++)
        {
            yield return (this, i);
            if (_children[i].Value is JsonTree child)
            {
                foreach (var nested in child.Members())
                {
                    yield return nested;
                }
            }
        }
    }
}
