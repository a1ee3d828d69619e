using System.Collections.Concurrent;
using System.Text.Json;

namespace LifecycleActors.Cli.Tests.Support;

/// <summary>
/// The two endpoints the load generator and the importer talk to, faked: <c>POST /api/v1/events</c> deduplicates by id
/// like the service (and rejects what <see cref="Reject"/> says), and <c>GET /api/v1/stats</c> reports a baseline plus
/// the accepted events (applied at once, or never) and <see cref="Stages"/>.
/// </summary>
internal sealed class FakeLifecycleApi
{
    public const string ApiKey = "test-key";

    private readonly ConcurrentDictionary<string, JsonElement> _events = new();
    private long _accepted;
    private int _posts;

    public long Baseline { get; init; } = 1_000;

    /// <summary>False: stats never move, as if the actors were stuck.</summary>
    public bool Applies { get; init; } = true;

    /// <summary>How many event posts answer 503 before the service "recovers".</summary>
    public int UnavailablePosts { get; init; }

    /// <summary>Says why an event is rejected (it is then not stored), or null to take it.</summary>
    public Func<JsonElement, string?> Reject { get; init; } = _ => null;

    /// <summary>The <c>stages</c> object of the stats.</summary>
    public string Stages { get; init; } = """{"prospect":0}""";

    public IReadOnlyCollection<JsonElement> Events => [.. _events.Values];

    public FakeResponse Handle(FakeRequest request)
    {
        if (!request.Headers.TryGetValue("X-Api-Key", out var key) || key != ApiKey)
        {
            return new FakeResponse(401, """{"title":"Unauthorized","status":401,"detail":"a valid X-Api-Key header is required","field":"X-Api-Key"}""", "application/problem+json");
        }

        return (request.Method, request.Path) switch
        {
            ("GET", "/api/v1/stats") => FakeResponse.Json(200, $$"""{"customers":0,"stages":{{Stages}},"vip":0,"advocate":0,"eventsApplied":{{Baseline + (Applies ? Interlocked.Read(ref _accepted) : 0)}}}"""),
            ("POST", "/api/v1/events") when Interlocked.Increment(ref _posts) <= UnavailablePosts => FakeResponse.Json(503, """{"title":"Service Unavailable","status":503}"""),
            ("POST", "/api/v1/events") => Ingest(request),
            _ => FakeResponse.Json(404, """{"title":"Not found","status":404}"""),
        };
    }

    private FakeResponse Ingest(FakeRequest request)
    {
        using var batch = JsonDocument.Parse(request.Body);
        int accepted = 0, duplicates = 0, index = -1;
        var rejected = new List<string>();
        foreach (var e in batch.RootElement.EnumerateArray())
        {
            index++;
            if (Reject(e) is { } error)
            {
                rejected.Add(JsonSerializer.Serialize(new { index, id = e.GetProperty("id").GetString(), error }));
            }
            else if (_events.TryAdd(e.GetProperty("id").GetString()!, e.Clone()))
            {
                accepted++;
            }
            else
            {
                duplicates++;
            }
        }

        Interlocked.Add(ref _accepted, accepted);
        return FakeResponse.Json(202, $$"""{"accepted":{{accepted}},"duplicates":{{duplicates}},"rejected":[{{string.Join(",", rejected)}}]}""");
    }
}
