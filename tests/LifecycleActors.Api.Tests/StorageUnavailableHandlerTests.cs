using System.Net;
using LifecycleActors.Silo.Api;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The global exception handler on a bare host: a storage failure, also wrapped by Orleans, is answered 503 with
/// <c>Retry-After</c> and a problem body naming the field storage, and logged once; anything else stays a 500.
/// </summary>
public sealed class StorageUnavailableHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_storage_failure_is_a_503_problem_with_retry_after_and_anything_else_a_500()
    {
        var logs = new FakeLogCollector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort.Next()}");
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddSingleton<StorageOutage>();
        builder.Services.AddExceptionHandler<StorageUnavailableHandler>();
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/npgsql", () => Throw(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))));
        app.MapGet("/orleans", () => Throw(new Orleans.Runtime.OrleansException("Error from storage provider", new NpgsqlException("gone"))));
        app.MapGet("/timeout", () => Throw(new AggregateException(new TimeoutException())));
        app.MapGet("/bug", () => Throw(new InvalidOperationException("a bug")));
        await app.StartAsync(Ct);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        foreach (var path in new[] { "/npgsql", "/orleans", "/timeout" })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Json();
            Assert.Equal(("Storage unavailable", 503, "storage"), (problem.GetProperty("title").GetString(), problem.GetProperty("status").GetInt32(), problem.GetProperty("field").GetString()));
        }

        using (var response = await client.GetAsync("/bug", Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Null(response.Headers.RetryAfter);
        }

        var outage = app.Services.GetRequiredService<StorageOutage>();
        Assert.True(outage.IsDown);
        outage.Reached();
        var lines = logs.GetSnapshot().Where(r => r.Category == typeof(StorageOutage).FullName && r.Level > LogLevel.Debug).ToList();
        Assert.Collection(
            lines,
            r => Assert.StartsWith("storage unreachable", r.Message, StringComparison.Ordinal),
            r => Assert.StartsWith("storage reachable again after", r.Message, StringComparison.Ordinal));
        Assert.All(lines, r => Assert.Null(r.Exception));
        await app.StopAsync(Ct);
    }

    private static string Throw(Exception exception) => throw exception;
}
