using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// An agent's screen behind a load balancer: connected to one host's hub, and when that connection drops it connects
/// again to a host that is up (as the balancer would send it), as many times as it takes. Records the customers of the
/// transitions it receives and the hosts it was connected to.
/// </summary>
internal sealed class MovingAgent : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<Uri>> _hosts;
    private readonly string _token;
    private readonly CancellationTokenSource _disposed = new();
    private HubConnection? _connection;
    private int _attempts;

    private MovingAgent(Func<IReadOnlyList<Uri>> hosts, string token)
    {
        _hosts = hosts;
        _token = token;
    }

    /// <summary>Hosts connected to, in order (the first one and every reconnection).</summary>
    public ConcurrentQueue<Uri> ConnectedTo { get; } = new();

    public ConcurrentQueue<string> TransitionCustomers { get; } = new();

    public static async Task<MovingAgent> ConnectAsync(Uri first, Func<IReadOnlyList<Uri>> hosts, string username, string password)
    {
        var agent = new MovingAgent(hosts, await HubAgent.LoginAsync(first, username, password));
        await agent.ConnectToAsync(first);
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _disposed.Dispose();
    }

    private async Task ConnectToAsync(Uri host)
    {
        var connection = HubAgent.CreateConnection(host, _token);
        connection.On<JsonElement>("transition", t => TransitionCustomers.Enqueue(t.GetProperty("customerId").GetString()!));
        connection.Closed += _ => ReconnectAsync();
        await connection.StartAsync(_disposed.Token);
        _connection = connection;
        ConnectedTo.Enqueue(host);
    }

    private async Task ReconnectAsync()
    {
        while (!_disposed.IsCancellationRequested)
        {
            var hosts = _hosts();
            try
            {
                await ConnectToAsync(hosts[Interlocked.Increment(ref _attempts) % hosts.Count]);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
            {
                // That host went too: the next attempt goes to another one.
                await Task.Delay(200, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
