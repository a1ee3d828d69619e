using System.Globalization;
using System.Text;
using CsCheck;

namespace LifecycleActors.Tests.Fuzz;

/// <summary>Generators of hostile text and JSON with structure, shared by the fuzz tests of every parser of outside input.</summary>
public static class HostileJson
{
    public static readonly string[] NastyTexts =
    [
        "", " ", "NaN", "-Infinity", "Infinity", "null", "undefined", "true", "1e30", "-1", "0x10", "\uD800", "a\uDC00b", "\uDBFF",
        "\u202Eevil\u202C", "\u2066x\u2069", "\u200F", "\u0000", "\u001B[31mred", "\r\n", "\t", "\uFEFF", "\uFFFF", "\U0001F600",
        "e\u0301", "'; DROP TABLE events;--", "<script>alert(1)</script>", "%s%n", "\\", "\"", "../../etc/passwd", "c-42",
        "2026-11-23T10:00:00Z", "order_placed",
    ];

    public static readonly string[] NastyNumbers =
    [
        "0", "-0", "1e30", "-1e30", "1e400", "-1e400", "1e-400", "79228162514264337593543950336", "79228162514264337593543950335",
        "-79228162514264337593543950335", "0.0000000000000000000000000001", "123456789012345678901234567890.5", "9223372036854775808",
        "-9223372036854775809", "2147483648", "-2147483648", "-2147483649", "1.5", "-0.01", "3", "5", "10", "11", "1E2", "0.1e1", "1.0000000000000000000000000000001",
    ];

    /// <summary>Strings: a nasty list, random characters (surrogates and controls included), and very long ones.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (5, Gen.OneOf(NastyTexts)),
        (3, Gen.String[0, 40]),
        (2, Gen.Char.Array[0, 12].Select(c => new string(c))),
        (1, Gen.Int[129, 20_000].Select(n => new string('x', n))));

    public static readonly Gen<string> Number = Gen.Frequency(
        (3, Gen.OneOf(NastyNumbers)),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e308")),
        (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))));

    /// <summary>A JSON scalar: a number, a string (hostile text), true, false or null.</summary>
    public static readonly Gen<string> Scalar = Gen.Frequency(
        (3, Number),
        (4, Text.Select(Quote)),
        (1, Gen.OneOf("true", "false", "null")));

    /// <summary>Any JSON value up to <paramref name="depth"/> levels of arrays and objects (well-formed).</summary>
    public static Gen<string> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Value(depth - 1).Array[0, 3].Select(a => "[" + string.Join(",", a) + "]")),
            (1, Gen.Select(Text, Value(depth - 1)).Array[0, 3].Select(Object)));

    /// <summary>Nesting far beyond any reader's limit (well-formed, <paramref name="depth"/> arrays or objects).</summary>
    public static string Deep(int depth, bool objects) => objects
        ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
        : new string('[', depth) + new string(']', depth);

    /// <summary>A JSON object from name/value-JSON pairs, in order, duplicates kept.</summary>
    public static string Object(IEnumerable<(string Name, string Json)> properties) =>
        "{" + string.Join(",", properties.Select(p => Quote(p.Name) + ":" + p.Json)) + "}";

    /// <summary>
    /// A JSON string literal; controls, quotes, backslashes and every surrogate are escaped (so lone surrogates survive as
    /// <c>\uD800</c> escapes), everything else (bidi overrides included) is written as is.
    /// </summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Hostile damage to bytes: a truncation, flipped bytes, invalid UTF-8, a BOM, or nothing.</summary>
    public static Gen<byte[]> Damaged(byte[] bytes) => Gen.Frequency(
        (1, Gen.Const(bytes)),
        (2, Gen.Int[0, Math.Max(0, bytes.Length - 1)].Select(n => bytes[..n])),
        (3, Gen.Select(Gen.Int[0, Math.Max(0, bytes.Length - 1)], Gen.OneOf(Bytes)).Array[1, 4].Select(changes =>
        {
            var copy = (byte[])bytes.Clone();
            foreach (var (offset, value) in changes)
            {
                if (copy.Length > 0)
                {
                    copy[offset] = value;
                }
            }

            return copy;
        })),
        (1, Gen.Const<byte[]>([0xEF, 0xBB, 0xBF, .. bytes])));

    private static readonly byte[] Bytes = [.. "{}[]\":,-.0123456789eEtrufalsn \\"u8, 0x00, 0x80, 0xC0, 0xC3, 0xED, 0xF5, 0xFE, 0xFF];
}
