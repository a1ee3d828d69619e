using System.Text;

namespace LifecycleActors.Cli.History;

/// <summary>
/// Reads CSV records (RFC 4180): fields separated by commas; a field in double quotes may hold commas, line breaks
/// and doubled quotes (<c>""</c> for one <c>"</c>). Lenient where the RFC is strict and the intent is clear: a quote
/// inside an unquoted field is kept as a character, and LF alone ends a line as CRLF does. Line breaks inside a quoted
/// field are read as LF. Empty lines are skipped.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder _field = new();
    private long _lines;

    /// <summary>Reads the next record into <paramref name="fields"/> (cleared first).</summary>
    /// <param name="line">The line number (1-based) on which the record starts.</param>
    /// <param name="error">Why the record is malformed (an unterminated quote, text after a closing quote); null if it is not.</param>
    /// <returns>False at the end of the input.</returns>
    public bool TryRead(List<string> fields, out long line, out string? error)
    {
        fields.Clear();
        error = null;
        string? text;
        do
        {
            text = reader.ReadLine();
            _lines++;
        }
        while (text is { Length: 0 });

        line = _lines;
        if (text is null)
        {
            return false;
        }

        var i = 0;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                i = ReadQuoted(ref text, i + 1, fields.Count + 1, ref error);
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                fields.Add(text[i..end]);
                i = end;
            }

            if (i >= text.Length)
            {
                return true;
            }

            i++; // the comma: another field follows, empty if the line ends here
        }
    }

    /// <summary>Reads a quoted field after its opening quote into <see cref="_field"/>; returns the index after it.</summary>
    private int ReadQuoted(ref string text, int i, int fieldNumber, ref string? error)
    {
        while (true)
        {
            if (i >= text.Length)
            {
                var next = reader.ReadLine();
                if (next is null)
                {
                    error ??= $"field {fieldNumber}: the quoted field does not end";
                    return text.Length;
                }

                _lines++;
                _field.Append('\n');
                text = next;
                i = 0;
                continue;
            }

            var quote = text.IndexOf('"', i);
            if (quote < 0)
            {
                _field.Append(text, i, text.Length - i);
                i = text.Length;
                continue;
            }

            _field.Append(text, i, quote - i);
            if (quote + 1 < text.Length && text[quote + 1] == '"')
            {
                _field.Append('"');
                i = quote + 2;
                continue;
            }

            i = quote + 1;
            if (i < text.Length && text[i] != ',')
            {
                // Malformed: keep reading to the next comma so that the following fields stay in place.
                error ??= $"field {fieldNumber}: text after the closing quote";
                var comma = text.IndexOf(',', i);
                return comma < 0 ? text.Length : comma;
            }

            return i;
        }
    }
}
