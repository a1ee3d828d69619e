using System.Net;
using System.Text.Json;

namespace LifecycleActors.Cli.Load;

/// <summary>Reads the tenant's <c>eventsApplied</c> from <c>GET /api/v1/stats</c>.</summary>
internal sealed class StatsClient(HttpClient http, Uri statsUrl, string apiKey)
{
    /// <exception cref="HttpRequestException">A network error or a 5xx/429: worth asking again.</exception>
    /// <exception cref="LoadAbortedException">Any other refusal, or stats without <c>eventsApplied</c>.</exception>
    public async Task<long> ReadEventsAppliedAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, statsUrl);
        request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        if (response.StatusCode != HttpStatusCode.OK)
        {
            var message = ResponseText.Refusal($"GET {statsUrl}", response, content);
            throw RetryPolicy.IsRetryable(response.StatusCode)
                ? new HttpRequestException(message, null, response.StatusCode)
                : new LoadAbortedException(message);
        }

        try
        {
            using var stats = JsonDocument.Parse(content);
            return stats.RootElement.GetProperty("eventsApplied").GetInt64();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new LoadAbortedException($"GET {statsUrl} has no readable 'eventsApplied' ({e.Message}): {ResponseText.Excerpt(content)}");
        }
    }
}
