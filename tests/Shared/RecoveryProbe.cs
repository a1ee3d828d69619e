using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace LifecycleActors.Tests.Shared;

/// <summary>
/// How long after a silo failure every customer answers again: each customer is asked (<c>GET /api/v1/customers/{id}</c>,
/// through the silos still up) until it answers 200 with at least the events acknowledged for it before the failure.
/// Customers that did not answer so at the first attempt are the ones the failure affected.
/// </summary>
internal static class RecoveryProbe
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <param name="acknowledged">Events acknowledged per customer index when the silo failed.</param>
    /// <param name="failedAt">A <see cref="Stopwatch.GetTimestamp"/> taken when the silo failed.</param>
    public static async Task<Recovery> MeasureAsync(
        string apiKey, Func<IReadOnlyList<Uri>> silos, FailoverShop shop, int[] acknowledged, long failedAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var answeredAt = new ConcurrentDictionary<int, TimeSpan>();
        var affected = new ConcurrentDictionary<int, bool>();
        var lastAnswers = new ConcurrentDictionary<int, string>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, shop.Customers),
            new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                for (var attempt = 0; Stopwatch.GetElapsedTime(failedAt) < timeout; attempt++)
                {
                    var targets = silos();
                    var answer = await AnswerAsync(http, targets[(index + attempt) % targets.Count], shop.CustomerId(index), acknowledged[index], ct);
                    lastAnswers[index] = answer;
                    if (answer.Length == 0)
                    {
                        answeredAt[index] = Stopwatch.GetElapsedTime(failedAt);
                        return;
                    }

                    affected[index] = true;
                    await Task.Delay(100, ct);
                }
            });

        var times = answeredAt.Where(a => affected.ContainsKey(a.Key)).Select(a => a.Value).ToList();
        var unanswered = Enumerable.Range(0, shop.Customers).Where(i => !answeredAt.ContainsKey(i)).ToList();
        return new Recovery(
            affected.Count,
            unanswered.Count,
            string.Join("; ", unanswered.Take(5).Select(i => $"{shop.CustomerId(i)} needs {acknowledged[i]} events, last answer: {lastAnswers.GetValueOrDefault(i)}")),
            times.Count == 0 ? TimeSpan.Zero : times.Max(),
            times.Count == 0 ? TimeSpan.Zero : times.Order().ElementAt(times.Count / 2));
    }

    /// <summary>Empty when the customer answers with at least <paramref name="events"/> events; otherwise what it answered.</summary>
    private static async Task<string> AnswerAsync(HttpClient http, Uri silo, string customerId, int events, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(silo, $"/api/v1/customers/{customerId}"), cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode} from {silo.Authority}";
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var applied = json.RootElement.GetProperty("eventsApplied").GetInt32();
            return applied >= events ? "" : $"{applied} events from {silo.Authority}";
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"{ex.GetType().Name} from {silo.Authority}";
        }
    }

    /// <param name="Affected">Customers that did not answer with their acknowledged events at the first attempt.</param>
    /// <param name="Unanswered">Customers that still did not when the probe gave up.</param>
    /// <param name="UnansweredExamples">A few of them, with what they last answered.</param>
    /// <param name="Max">From the failure until the last affected customer answered.</param>
    /// <param name="Median">From the failure until half the affected customers answered.</param>
    internal sealed record Recovery(int Affected, int Unanswered, string UnansweredExamples, TimeSpan Max, TimeSpan Median);
}
