using System.Net;
using System.Reflection;
using LifecycleActors.Silo.Api;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The global exception handler on a bare host: a call Orleans could not deliver (its silo unavailable, a connection
/// refused, also wrapped) is answered 503 with <c>Retry-After</c> and a problem body naming the field cluster;
/// any other Orleans failure stays a 500.
/// </summary>
public sealed class ClusterUnavailableHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_to_an_unreachable_silo_is_a_503_problem_with_retry_after_and_other_failures_a_500()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort.Next()}");
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/unavailable", () => Throw(new SiloUnavailableException("The target silo became unavailable")));
        app.MapGet("/refused", () => Throw(Rejection("Exception while sending message: connection refused")));
        app.MapGet("/wrapped", () => Throw(new AggregateException(new InvalidOperationException("outer", new SiloUnavailableException()))));
        app.MapGet("/grain-failed", () => Throw(new OrleansException("a grain's own failure")));
        await app.StartAsync(Ct);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        foreach (var path in new[] { "/unavailable", "/refused", "/wrapped" })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(ClusterUnavailableHandler.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Json();
            Assert.Equal(("Cluster unavailable", 503, "cluster"), (problem.GetProperty("title").GetString(), problem.GetProperty("status").GetInt32(), problem.GetProperty("field").GetString()));
            Assert.DoesNotContain("connection refused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var response = await client.GetAsync("/grain-failed", Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Null(response.Headers.RetryAfter);
        }

        await app.StopAsync(Ct);
    }

    private static string Throw(Exception exception) => throw exception;

    /// <summary>What Orleans throws when it cannot send a call (its constructors are Orleans' own).</summary>
    private static OrleansMessageRejectionException Rejection(string message) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException), BindingFlags.Instance | BindingFlags.NonPublic, binder: null, [message], culture: null)!;
}
