namespace LifecycleActors.Silo.Api;

/// <summary>Request bodies read whole, up to a limit, as the raw bytes that were sent (signatures are over them).</summary>
public static class RequestBodies
{
    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the body is longer.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and <= int.MaxValue ? (int)Math.Min(length, maxBytes) : 64 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
