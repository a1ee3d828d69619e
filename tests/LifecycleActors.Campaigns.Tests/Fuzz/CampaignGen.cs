using CsCheck;
using LifecycleActors.Tests.Fuzz;

namespace LifecycleActors.Campaigns.Tests.Fuzz;

/// <summary>Campaign bodies for the fuzz tests: each field of a valid campaign kept, made hostile, dropped or doubled.</summary>
internal static class CampaignGen
{
    public const string Valid = """
        {"id":"win-back","name":"Win-back","trigger":{"kind":"stage","to":"lapsed"},"filters":{"stage":"lapsed","vip":true,"advocate":false,"minSpend365":100},
         "delayHours":24,"action":{"type":"webhook","url":"https://hooks.example.com/h","secret":"0123456789abcdef","templateId":"wb"},
         "cap":{"max":1,"windowDays":90},"quietHours":{"start":"21:00","end":"08:00"},"holdoutPercent":10,"conversionDays":30,"attributionDays":7,"exitOnOrder":true}
        """;

    private static readonly Gen<string> Hostile = Gen.Frequency(
        (6, HostileJson.Value(1)),
        (2, Gen.OneOf(
            "\"http://10.0.0.1/\"", "\"ftp://x.example/\"", "\"https://u:p@x.example/\"", "\"https://x.example/\\ud800\"", "\"//x.example\"",
            "\"24:00\"", "\"23:59\"", "\"-1:00\"", "\"\\u0032\\u0031:00\"", "\"task\"", "\"webhook\"", "\"vip\"", "\"stage\"", "\"advocate\"",
            "\"churned\"", "\"true\"", "8760", "8761", "50", "51", "1000", "3650", "365", "0.5", "1e12", "1.0000000001e12",
            "{\"type\":\"task\",\"title\":\"\\udc00\"}", "{\"kind\":\"vip\",\"to\":\"true\"}", "{\"max\":1e30,\"windowDays\":-0}")),
        (1, Gen.Int[1, 60].Select(depth => HostileJson.Deep(depth, objects: depth % 2 == 1))));

    /// <summary>The valid campaign with up to six of its properties (nested ones too) replaced, dropped or doubled.</summary>
    public static readonly Gen<string> Campaign = Gen.Select(Gen.Int[0, 40].Array[0, 6], Hostile.Array[6], Gen.Int[0, 3].Array[6])
        .Select((paths, values, modes) =>
        {
            var root = Node.Parse(Valid);
            for (var i = 0; i < paths.Length; i++)
            {
                root.Change(paths[i], values[i], modes[i]);
            }

            return root.ToJson();
        });

    /// <summary>A JSON object as an editable list of properties; values are raw JSON text or nested objects.</summary>
    private sealed class Node
    {
        private readonly List<(string Name, object Value)> _properties = [];

        public static Node Parse(string json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return From(document.RootElement);
        }

        /// <summary>Changes the n-th property (depth first, modulo their number): 0 drops it, 1 doubles it, else replaces it.</summary>
        public void Change(int n, string hostile, int mode)
        {
            var all = Flatten().ToList();
            if (all.Count == 0)
            {
                return;
            }

            var (owner, index) = all[n % all.Count];
            var (name, value) = owner._properties[index];
            switch (mode)
            {
                case 0:
                    owner._properties.RemoveAt(index);
                    break;
                case 1:
                    owner._properties.Insert(index, (name, hostile));
                    break;
                default:
                    owner._properties[index] = (name, hostile);
                    break;
            }
        }

        public string ToJson() =>
            HostileJson.Object(_properties.Select(p => (p.Name, p.Value is Node child ? child.ToJson() : (string)p.Value)));

        private static Node From(System.Text.Json.JsonElement element)
        {
            var node = new Node();
            foreach (var property in element.EnumerateObject())
            {
                node._properties.Add((property.Name, property.Value.ValueKind == System.Text.Json.JsonValueKind.Object
                    ? From(property.Value)
                    : property.Value.GetRawText()));
            }

            return node;
        }

        private IEnumerable<(Node Owner, int Index)> Flatten()
        {
            for (var i = 0; i < _properties.Count; i++)
            {
                yield return (this, i);
                if (_properties[i].Value is Node child)
                {
                    foreach (var nested in child.Flatten())
                    {
                        yield return nested;
                    }
                }
            }
        }
    }
}
