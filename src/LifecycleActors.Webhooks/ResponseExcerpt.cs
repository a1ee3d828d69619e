using System.Text;

namespace LifecycleActors.Webhooks;

/// <summary>The start of an answer's body as one short printable line, for an error text.</summary>
internal static class ResponseExcerpt
{
    public const int MaxCharacters = 200;

    /// <summary>Reads at most <paramref name="maxBytes"/> bytes of the body; returns an empty string when there is none.</summary>
    public static async Task<string> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (maxBytes <= 0)
        {
            return string.Empty;
        }

        var buffer = new byte[maxBytes];
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var length = await stream.ReadAtLeastAsync(buffer, maxBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return ToLine(Encoding.UTF8.GetString(buffer, 0, length));
        }
    }

    /// <summary>Control characters become spaces, runs of white space one space, and the line is cut to <see cref="MaxCharacters"/>.</summary>
    public static string ToLine(string text)
    {
        var line = new StringBuilder(Math.Min(text.Length, MaxCharacters));
        foreach (var c in text)
        {
            var blank = char.IsWhiteSpace(c) || char.IsControl(c);
            if (blank && (line.Length == 0 || line[^1] == ' '))
            {
                continue;
            }

            if (line.Length == MaxCharacters)
            {
                line[^1] = '…';
                break;
            }

            line.Append(blank ? ' ' : c);
        }

        return line.ToString().TrimEnd();
    }
}
