using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>
/// The numbers (and the few names) behind a transition's reason, in the order they were added; written as one
/// compact JSON object so that every layer (grain messages, storage, API, live feed) carries it as text.
/// </summary>
internal sealed class ReasonArgs
{
    public static readonly ReasonArgs None = new([]);

    private readonly KeyValuePair<string, object>[] _args;

    private ReasonArgs(KeyValuePair<string, object>[] args) => _args = args;

    public static ReasonArgs Of(params (string Name, object Value)[] args) =>
        new([.. args.Select(a => KeyValuePair.Create(a.Name, a.Value))]);

    public ReasonArgs With(string name, object value) => new([.. _args, KeyValuePair.Create(name, value)]);

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _args)
            {
                switch (value)
                {
                    case string s: writer.WriteString(name, s); break;
                    case bool b: writer.WriteBoolean(name, b); break;
                    case int i: writer.WriteNumber(name, i); break;
                    case decimal m: writer.WriteNumber(name, m); break;
                    case double d: writer.WriteNumber(name, d); break;
                    default: throw new ArgumentOutOfRangeException(name, value, "unsupported reason argument");
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public override string ToString() => ToJson();

    /// <summary>A number of days as the English text shows it (floored to a tenth).</summary>
    public static double Days(double days) => Math.Floor(days * 10 + 1e-9) / 10;

    /// <summary>An amount as the English text shows it (two decimals at most).</summary>
    public static decimal Money(decimal amount) => decimal.Parse(amount.ToString("0.##", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>A transition's reason: today's English text, its stable code and arguments (contract §4, reason codes).</summary>
internal readonly record struct Reason(string Text, string Code, ReasonArgs Args)
{
    public Reason With(string suffix, string name, object value) => new(Text + suffix, Code, Args.With(name, value));
}
