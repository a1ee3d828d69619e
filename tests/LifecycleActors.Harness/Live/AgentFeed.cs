using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Dashboard.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace LifecycleActors.Harness.Live;

/// <summary>A support agent's live connection, as the dashboard makes it: sign in, then the hub with the token.</summary>
internal static class AgentFeed
{
    /// <summary>Signs in and connects; <paramref name="onTransition"/> gets each transition with the time it arrived.</summary>
    public static async Task<HubConnection> ConnectAsync(
        Uri silo,
        string username,
        string password,
        Action<TransitionRecord, DateTimeOffset> onTransition,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = silo };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { username, password }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString();

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(silo, LifecycleHub.Path), options => options.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        connection.On<TransitionRecord>("transition", transition => onTransition(transition, DateTimeOffset.UtcNow));

        // Stats arrive too (the tenant's counts, coalesced); they are not measured here.
        connection.On<JsonElement>("stats", _ => { });
        await connection.StartAsync(cancellationToken);
        return connection;
    }
}
