using System.Net;
using System.Text.Json;

namespace LifecycleActors.Cli.Service;

/// <summary>Reads the tenant's counters from <c>GET /api/v1/stats</c>.</summary>
internal sealed class StatsClient(HttpClient http, Uri statsUrl, string apiKey)
{
    public Uri StatsUrl => statsUrl;

    /// <exception cref="HttpRequestException">A network error or a 5xx/429: worth asking again.</exception>
    /// <exception cref="RunAbortedException">Any other refusal, or stats without <c>eventsApplied</c>.</exception>
    public async Task<long> ReadEventsAppliedAsync(CancellationToken cancellationToken) =>
        (await ReadStatsAsync(cancellationToken)).EventsApplied;

    /// <summary>
    /// <c>eventsApplied</c> before a run: also the first check of the URL and the API key, so any failure ends the run
    /// with a message naming the stats URL.
    /// </summary>
    /// <exception cref="RunAbortedException">The stats could not be read.</exception>
    public async Task<long> ReadBaselineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadEventsAppliedAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RunAbortedException($"cannot read the baseline from GET {statsUrl}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RunAbortedException($"cannot read the baseline from GET {statsUrl}: no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary><c>eventsApplied</c> and the customers per stage (empty when the answer has no <c>stages</c>).</summary>
    /// <exception cref="HttpRequestException">A network error or a 5xx/429: worth asking again.</exception>
    /// <exception cref="RunAbortedException">Any other refusal, or stats without <c>eventsApplied</c>.</exception>
    public async Task<ServiceStats> ReadStatsAsync(CancellationToken cancellationToken)
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
                : new RunAbortedException(message);
        }

        try
        {
            using var stats = JsonDocument.Parse(content);
            var root = stats.RootElement;
            var stages = new List<KeyValuePair<string, long>>();
            if (root.TryGetProperty("stages", out var byStage) && byStage.ValueKind == JsonValueKind.Object)
            {
                stages.AddRange(byStage.EnumerateObject().Select(s => KeyValuePair.Create(s.Name, s.Value.GetInt64())));
            }

            return new ServiceStats(root.GetProperty("eventsApplied").GetInt64(), stages);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RunAbortedException($"GET {statsUrl} has no readable 'eventsApplied' ({e.Message}): {ResponseText.Excerpt(content)}");
        }
    }
}

/// <summary>What the tools read of <c>GET /api/v1/stats</c>.</summary>
/// <param name="Stages">Customers per stage, in the order the service lists them.</param>
internal sealed record ServiceStats(long EventsApplied, IReadOnlyList<KeyValuePair<string, long>> Stages);
