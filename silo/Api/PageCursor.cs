using System.Buffers.Text;
using System.Text;

namespace LifecycleActors.Silo.Api;

/// <summary>Opaque paging cursors: URL-safe base64 of a short text.</summary>
public static class PageCursor
{
    public static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    public static bool TryDecode(string? cursor, out string value)
    {
        value = "";
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 1024 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        return true;
    }

    /// <summary>Reads the <c>limit</c> query value: default when absent, else 1..max.</summary>
    public static bool TryLimit(string? text, int defaultLimit, int max, out int limit)
    {
        limit = defaultLimit;
        return string.IsNullOrEmpty(text) || (int.TryParse(text, out limit) && limit >= 1 && limit <= max);
    }
}
