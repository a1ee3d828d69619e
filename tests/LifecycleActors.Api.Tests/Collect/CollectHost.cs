using System.Globalization;
using System.Text;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests.Collect;

/// <summary>
/// The real silo with browser settings: shop-a has a publishable key, two allowed origins (a shop and the loopback
/// origin of <see cref="PagePort"/>, where the browser tests serve their shop pages) and an identity secret; shop-b has
/// a publishable key and its own origin, but no identity secret.
/// </summary>
public class CollectHost : ApiHost
{
    public const string PublishableA = "pk-shop-a-0123456789abcdef";
    public const string PublishableB = "pk-shop-b-0123456789abcdef";
    public const string OriginA = "https://shop-a.example";
    public const string OriginB = "https://shop-b.example";
    public const string IdentitySecretA = "identity-secret-of-shop-a-0123";

    /// <summary>The password of ada (admin of shop-a) and ben (agent of shop-a).</summary>
    public const string AgentPassword = "ada-password-123";

    private static readonly string AdaHash = LifecycleActors.Credentials.PasswordHash.Create(AgentPassword);

    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The loopback port the browser tests serve their shop pages on (an allowed origin of shop-a).</summary>
    public int PagePort { get; } = FreePort.Next();

    public string PageOrigin => $"http://127.0.0.1:{PagePort.ToString(CultureInfo.InvariantCulture)}";

    protected override IEnumerable<string> Arguments =>
    [
        "--Lifecycle:Tenants:0:PublishableKey", PublishableA,
        "--Lifecycle:Tenants:0:AllowedOrigins:0", OriginA,
        "--Lifecycle:Tenants:0:AllowedOrigins:1", PageOrigin,
        "--Lifecycle:Tenants:0:IdentitySecret", IdentitySecretA,
        "--Lifecycle:Tenants:1:PublishableKey", PublishableB,
        "--Lifecycle:Tenants:1:AllowedOrigins:0", OriginB,
        "--Lifecycle:Auth:SigningKey", SigningKey,
        "--Lifecycle:Agents:0:Username", "ada",
        "--Lifecycle:Agents:0:PasswordHash", AdaHash,
        "--Lifecycle:Agents:0:Tenant", "shop-a",
        "--Lifecycle:Agents:0:Role", "admin",
        "--Lifecycle:Agents:1:Username", "ben",
        "--Lifecycle:Agents:1:PasswordHash", AdaHash,
        "--Lifecycle:Agents:1:Tenant", "shop-a",
        .. Limits,
    ];

    /// <summary>The browser rate limits (<c>Lifecycle:Collect</c>); high enough here that no test meets them.</summary>
    protected virtual IEnumerable<string> Limits =>
        ["--Lifecycle:Collect:RequestsPerSecondPerAddress", "10000", "--Lifecycle:Collect:RequestsPerSecondPerKey", "10000"];

    /// <summary>A browser request as a page of <paramref name="origin"/> sends it.</summary>
    public async Task<HttpResponseMessage> CollectAsync(
        string body, string? key = PublishableA, string? origin = OriginA, string contentType = "application/json", bool keyInQuery = false)
    {
        using var client = Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, keyInQuery && key is not null ? $"/api/v1/collect?key={Uri.EscapeDataString(key)}" : "/api/v1/collect")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (key is not null && !keyInQuery)
        {
            request.Headers.Add("X-Publishable-Key", key);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

/// <summary>The same silo with small browser rate limits: 3 requests per second per address, 12 per key.</summary>
public sealed class TightCollectHost : CollectHost
{
    protected override IEnumerable<string> Limits =>
        [
            "--Lifecycle:Collect:RequestsPerSecondPerAddress", "3", "--Lifecycle:Collect:RequestsPerSecondPerKey", "12",
            // Room for a whole burst, so that the silo's own admission (503 at capacity) plays no part here.
            "--Lifecycle:Ingest:MaxConcurrentRequests", "32", "--Lifecycle:Ingest:QueueLimit", "32",
        ];
}
