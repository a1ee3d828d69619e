using System.Text.Json;

namespace LifecycleActors.Cli.Service;

/// <summary>A 202 answer to one batch (contract §6), with the retries it took to get it.</summary>
/// <param name="FirstRejection">The first rejected event as "id: error", to show why events were rejected.</param>
/// <param name="Erased">Events dropped as an erased customer's past (0 from a service that does not say).</param>
internal readonly record struct BatchAck(int Accepted, int Duplicates, int Rejected, string? FirstRejection, int Retries, int Erased = 0)
{
    /// <summary>Reads <c>{"accepted": n, "duplicates": n, "erased": n, "rejected": [{"index", "id", "error"}]}</c>.</summary>
    /// <param name="rejections">Receives the first <paramref name="keepRejections"/> rejected events, when given.</param>
    /// <exception cref="FormatException">The body is not of that shape.</exception>
    public static BatchAck Parse(ReadOnlySpan<byte> json, List<AckRejection>? rejections = null, int keepRejections = 0)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var rejected = root.GetProperty("rejected");
            string? first = null;
            var index = 0;
            foreach (var r in rejected.EnumerateArray())
            {
                var rejection = new AckRejection(r.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : -1, Text(r, "id"), Text(r, "error"));
                first ??= $"{rejection.Id}: {rejection.Error}";
                if (rejections is not null && index++ < keepRejections)
                {
                    rejections.Add(rejection);
                }
            }

            var erased = root.TryGetProperty("erased", out var e) ? e.GetInt32() : 0;
            return new BatchAck(root.GetProperty("accepted").GetInt32(), root.GetProperty("duplicates").GetInt32(), rejected.GetArrayLength(), first, 0, erased);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"not an acknowledgement of the contract §6 shape ({e.Message})", e);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "?";
}

/// <summary>One rejected event of a 202 answer.</summary>
/// <param name="Index">Its position in the batch; -1 when the service did not say.</param>
internal readonly record struct AckRejection(int Index, string Id, string Error);
