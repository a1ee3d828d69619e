using System.Net;
using System.Text.Json;

namespace LifecycleActors.Api.Tests.Fuzz;

/// <summary>The fuzz tests' verdict on one answer of the running service.</summary>
internal static class PreciseAnswers
{
    /// <summary>
    /// The answer is one of <paramref name="expected"/>, never a 5xx, and one of <paramref name="named"/> (refusals that
    /// judge the input) is problem details naming its field.
    /// </summary>
    public static async Task AssertAsync(HttpResponseMessage response, IReadOnlyCollection<HttpStatusCode> expected, IReadOnlyCollection<HttpStatusCode> named)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected.Contains(response.StatusCode), $"{(int)response.StatusCode} is not one of {string.Join(", ", expected.Select(s => (int)s))}: {body}");
        if (!named.Contains(response.StatusCode))
        {
            return;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(
            problem.RootElement.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String && field.GetString()!.Length > 0,
            $"{(int)response.StatusCode} without a field: {body}");
    }
}
