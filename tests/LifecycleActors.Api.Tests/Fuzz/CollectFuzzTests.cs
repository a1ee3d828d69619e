using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using LifecycleActors.Api.Tests.Collect;
using LifecycleActors.Tests.Fuzz;

namespace LifecycleActors.Api.Tests.Fuzz;

/// <summary>
/// The browser's way in, <c>POST /api/v1/collect</c>, fuzzed through a running silo (issue 22): whatever a page sends
/// with a valid publishable key from an allowed origin, the answer is never a 5xx and every refusal is problem details
/// naming its field; a batch of valid visits among them is always acknowledged.
/// </summary>
public sealed class CollectFuzzTests(CollectHost host) : IClassFixture<CollectHost>
{
    private static readonly HttpStatusCode[] Answers =
    [
        HttpStatusCode.Accepted, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.UnsupportedMediaType,
    ];

    /// <summary>Every answer but 202 judges the input and names its field.</summary>
    private static readonly HttpStatusCode[] Refusals = [.. Answers.Where(s => s != HttpStatusCode.Accepted)];

    private static readonly Gen<string> Body = Gen.Frequency(
        (4, EventGen.Hostile.Array[0, 60].Select(events => "[" + string.Join(",", events) + "]")),
        (2, EventGen.Hostile.Array[0, 8].SelectMany(events => HostileJson.Damaged(Encoding.UTF8.GetBytes("[" + string.Join(",", events) + "]")))
            .Select(bytes => Encoding.UTF8.GetString(bytes))),
        (1, HostileJson.Value(3)),
        (1, Gen.Int[60, 5000].Select(depth => HostileJson.Deep(depth, depth % 2 == 0))));

    private static readonly Gen<string> ContentType = Gen.OneOf(
        "application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml", "image/png");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Any_body_from_an_allowed_page_gets_a_precise_answer_and_valid_visits_are_kept()
    {
        var iteration = 0;
        await FuzzBudget.CheckAsync("http collect: any body", Gen.Select(Body, ContentType, Gen.Bool), async input =>
        {
            var (body, contentType, keyInQuery) = input;
            using var response = await host.CollectAsync(body, contentType: contentType, keyInQuery: keyInQuery);
            await PreciseAnswers.AssertAsync(response, Answers, Refusals);

            // The same page's valid visits right after: the hostile request never harms the next one.
            var visits = BrowserBatches.Batch(
                BrowserBatches.Visit($"fuzz-visit-{iteration}-a", "anon-fuzz", "/a"),
                BrowserBatches.Visit($"fuzz-visit-{iteration}-b", "anon-fuzz", "/b"));
            iteration++;
            using var valid = await host.CollectAsync(visits, contentType: "text/plain");
            Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
            using var ack = JsonDocument.Parse(await valid.Content.ReadAsStringAsync(Ct));
            Assert.Equal(2, ack.RootElement.GetProperty("accepted").GetInt32());
        }, shortIterations: 200, print: input => $"{input.Item2} key in query={input.Item3}: {input.Item1}");
    }
}
