using System.Net;

namespace LifecycleActors.Tests.Support;

/// <summary>Sending events the way a storefront's client does.</summary>
internal static class AcceptedPost
{
    /// <summary>
    /// Posts the events to <c>/api/v1/events</c> until they are accepted: a 503 is the service's retryable answer
    /// (nothing of the request is kept), so they are sent again after its <c>Retry-After</c>, twice at most. A request
    /// still refused fails the test with the service's own reason and, when given, <paramref name="context"/> (a silo's
    /// log, say).
    /// </summary>
    public static async Task<HttpResponseMessage> PostEventsAcceptedAsync(this HttpClient client, object[] events, Func<string>? context = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.PostAsync("/api/v1/events", Body.Of(events), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return response;
            }

            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 3)
            {
                Assert.Fail($"POST /api/v1/events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}{(context is null ? "" : $"\n{context()}")}");
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
