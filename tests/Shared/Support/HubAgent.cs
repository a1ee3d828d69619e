using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LifecycleActors.Tests.Support;

/// <summary>An agent signed in on a host and connected to its hub with the .NET SignalR client, recording every message.</summary>
public sealed record HubAgent(HubConnection Connection, string Token) : IAsyncDisposable
{
    public ConcurrentQueue<string> Transitions { get; } = new();

    public ConcurrentQueue<string> Customers { get; } = new();

    public ConcurrentQueue<string> Stats { get; } = new();

    public ConcurrentQueue<string> Tasks { get; } = new();

    public static async Task<string> LoginAsync(Uri host, string username, string password)
    {
        using var client = new HttpClient { BaseAddress = host };
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password }, TestContext.Current.CancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("token").GetString()!;
    }

    public static async Task<HubAgent> ConnectAsync(Uri host, string username, string password)
    {
        var token = await LoginAsync(host, username, password);
        var agent = new HubAgent(CreateConnection(host, token), token);
        agent.Connection.On<JsonElement>("transition", t => agent.Transitions.Enqueue(t.GetRawText()));
        agent.Connection.On<JsonElement>("customer", c => agent.Customers.Enqueue(c.GetRawText()));
        agent.Connection.On<JsonElement>("stats", s => agent.Stats.Enqueue(s.GetRawText()));
        agent.Connection.On<JsonElement>("task", t => agent.Tasks.Enqueue(t.GetRawText()));
        await agent.Connection.StartAsync(TestContext.Current.CancellationToken);
        return agent;
    }

    public static HubConnection CreateConnection(Uri host, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(host, "/hubs/lifecycle"), options =>
            {
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
