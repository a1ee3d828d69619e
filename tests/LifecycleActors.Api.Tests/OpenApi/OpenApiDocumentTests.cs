using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LifecycleActors.Dashboard.Live;
using LifecycleActors.Silo.Api;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace LifecycleActors.Api.Tests.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c>: a valid OpenAPI document that describes every endpoint the host maps, with its problem
/// statuses and security, and the reference page at <c>/api/docs</c> that loads nothing from elsewhere.
/// </summary>
public sealed partial class OpenApiDocumentTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    /// <summary>What the document leaves out, on purpose, and why.</summary>
    private static readonly Dictionary<string, string> Excluded = new()
    {
        ["/"] = "the agents' screen: an HTML page, not an API",
        ["/assets/{path}"] = "the screen's scripts and styles",
        [LifecycleHub.Path] = "the SignalR hub: a WebSocket protocol, which OpenAPI does not describe",
        [LifecycleHub.Path + "/negotiate"] = "the SignalR hub's negotiation, part of the same protocol",
        ["/t.js"] = "the browser snippet: a script for shops' pages, not an API",
        ["/metrics"] = "Prometheus' text exposition format for scrapers, not an API for integrators",
        ["/openapi/{documentName}.json"] = "the document itself",
        ["/api/docs/{documentName}"] = "the reference page, which renders the document",
        ["/api/docs/scalar.js"] = "the reference page's script, served from this host",
        ["/api/docs/scalar.aspnetcore.js"] = "the reference page's script, served from this host",
        ["/api/docs/favicon.svg"] = "the reference page's icon",
        [OrleansDashboardAccess.Path + "/…"] = "the Orleans Dashboard: its pages and their data, for admins, not the service's API",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_parses_validates_and_declares_the_api_key_and_bearer_schemes()
    {
        using var anonymous = host.Client(apiKey: null);

        var response = await anonymous.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (document, diagnostic) = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(Ct), "json");
        Assert.NotNull(document);
        Assert.Empty(diagnostic?.Errors ?? []);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? [];
        Assert.True(!errors.Any(), string.Join("\n", errors.Select(e => $"{e.Pointer}: {e.Message}")));

        var schemes = document.Components!.SecuritySchemes!;
        var apiKey = schemes["ApiKey"];
        Assert.Equal(SecuritySchemeType.ApiKey, apiKey.Type);
        Assert.Equal(ParameterLocation.Header, apiKey.In);
        Assert.Equal(TenantAuthentication.Header, apiKey.Name);
        var bearer = schemes["Bearer"];
        Assert.Equal(SecuritySchemeType.Http, bearer.Type);
        Assert.Equal("bearer", bearer.Scheme);
        Assert.Equal("JWT", bearer.BearerFormat);
    }

    [Fact]
    public async Task Every_mapped_endpoint_is_described_or_left_out_for_a_stated_reason()
    {
        using var anonymous = host.Client(apiKey: null);
        var contract = await ApiContract.LoadAsync(anonymous);
        var mapped = MappedEndpoint.Of(host.App);

        var undescribed = mapped.Where(e => !IsExcluded(e.Path) && (e.Method is null || !contract.Describes(e.Path, e.Method))).ToList();
        var stale = Excluded.Keys.Where(excluded => !mapped.Any(e => IsExcluded(e.Path, excluded))).ToList();
        var describedButExcluded = mapped.Where(e => IsExcluded(e.Path) && e.Method is not null && contract.Describes(e.Path, e.Method)).ToList();

        Assert.True(undescribed.Count == 0, "mapped but neither described nor excluded with a reason:\n" + string.Join("\n", undescribed));
        Assert.True(stale.Count == 0, "excluded but no longer mapped: " + string.Join(", ", stale));
        Assert.True(describedButExcluded.Count == 0, "excluded but described: " + string.Join(", ", describedButExcluded));
        Assert.Contains(mapped, e => e.Path == "/api/v1/events" && e.Method == "POST");
        var operations = contract.Document["paths"]!.AsObject().Sum(p => p.Value!.AsObject().Count);
        Assert.Equal(mapped.Count(e => !IsExcluded(e.Path)), operations);
    }

    private static bool IsExcluded(string path) => Excluded.Keys.Any(excluded => IsExcluded(path, excluded));

    /// <summary>An exclusion ending in <c>/…</c> covers the path before it and everything under it.</summary>
    private static bool IsExcluded(string path, string excluded) => excluded.EndsWith("/…", StringComparison.Ordinal)
        ? path == excluded[..^2] || path.StartsWith(excluded[..^1], StringComparison.Ordinal)
        : path == excluded;

    [Fact]
    public async Task Every_operation_declares_its_problems_and_the_security_its_endpoint_requires()
    {
        using var anonymous = host.Client(apiKey: null);
        var contract = await ApiContract.LoadAsync(anonymous);
        var failures = new List<string>();

        // Endpoints missing from the document fail the test above.
        foreach (var endpoint in MappedEndpoint.Of(host.App).Where(e => e.Method is not null && contract.Describes(e.Path, e.Method)))
        {
            var operation = contract.Document["paths"]![endpoint.Path]![endpoint.Method!.ToLowerInvariant()]!.AsObject();
            var responses = operation["responses"]!.AsObject();
            var security = (operation["security"]?.AsArray() ?? []).Select(r => string.Join("+", r!.AsObject().Select(s => s.Key))).ToHashSet();
            var expectedSecurity = new HashSet<string>();
            var expectedProblems = new HashSet<int>();
            if (endpoint.Metadata.GetMetadata<TenantAuthenticationMetadata>() is not null)
            {
                expectedSecurity.Add("ApiKey");
                if (endpoint.Method == "GET")
                {
                    expectedSecurity.Add("Bearer");
                }

                expectedProblems.Add(401);
            }
            else if (endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null)
            {
                expectedSecurity.Add("Bearer");
                expectedProblems.UnionWith([401, 403]);
            }

            if (endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
            {
                expectedProblems.Add(429);
            }

            if (!security.SetEquals(expectedSecurity))
            {
                failures.Add($"{endpoint}: security [{string.Join(", ", security)}], its endpoint requires [{string.Join(", ", expectedSecurity)}]");
            }

            var declared = responses.Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            failures.AddRange(expectedProblems.Except(declared).Select(status => $"{endpoint}: {status} not declared"));
            // An endpoint whose handler answers problems of its own declares at least one besides those of access.
            var handler = endpoint.Metadata.GetMetadata<System.Reflection.MethodInfo>();
            if (handler is not null && handler.ReturnType.ToString().Contains(typeof(ProblemHttpResult).FullName!, StringComparison.Ordinal)
                && !declared.Any(s => s is >= 400 and < 500 && !expectedProblems.Contains(s)))
            {
                failures.Add($"{endpoint}: its handler answers problems, the document declares none of its own");
            }

            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4')))
            {
                var reference = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                if (reference != "#/components/schemas/ProblemDetails")
                {
                    failures.Add($"{endpoint}: {status} is not described as problem details");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_reference_page_loads_its_scripts_from_this_host_only()
    {
        using var anonymous = host.Client(apiKey: null);

        var page = await anonymous.GetAsync("/api/docs/", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var sources = SourceAttribute().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            Assert.False(Uri.TryCreate(source, UriKind.Absolute, out _) || source.StartsWith("//", StringComparison.Ordinal), $"{source}: loaded from elsewhere");
            var asset = await anonymous.GetAsync(new Uri(page.RequestMessage!.RequestUri!, source), Ct);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{source}: {asset.StatusCode}");
        }

        // Scalar's default fonts come from its CDN; the page is configured without them.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex SourceAttribute();
}
