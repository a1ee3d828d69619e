using LifecycleActors.Abstractions;
using LifecycleActors.Dashboard.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LifecycleActors.Dashboard.Live;

/// <summary>
/// The agents' live channel (<c>/hubs/lifecycle</c>, documented in docs/realtime.md). Server → client: <c>transition</c>,
/// <c>stats</c>, <c>customer</c>; client → server: <c>WatchCustomer</c>, <c>UnwatchCustomer</c>. An agent only ever
/// hears about its own tenant.
/// </summary>
[Authorize]
public sealed class LifecycleHub(AgentConnections agents) : Hub
{
    public const string Path = "/hubs/lifecycle";
    private const int MaxCustomerIdLength = 128;

    public static string TenantGroup(string tenant) => $"tenant:{tenant}";

    public static string CustomerGroup(string tenant, string customerId) => $"customer:{CustomerKey.Of(tenant, customerId)}";

    public override async Task OnConnectedAsync()
    {
        var tenant = Tenant;
        await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(tenant));
        agents.Connected(tenant);
        Context.Items[nameof(AgentConnections)] = tenant;
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(nameof(AgentConnections), out var tenant) && tenant is string counted)
        {
            agents.Disconnected(counted);
        }

        return base.OnDisconnectedAsync(exception);
    }

    public Task WatchCustomer(string customerId) =>
        Groups.AddToGroupAsync(Context.ConnectionId, CustomerGroup(Tenant, Checked(customerId)));

    public Task UnwatchCustomer(string customerId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, CustomerGroup(Tenant, Checked(customerId)));

    private string Tenant => Context.User?.FindFirst(AgentTokens.TenantClaim)?.Value
        ?? throw new HubException("the token names no tenant");

    private static string Checked(string customerId) =>
        string.IsNullOrEmpty(customerId) || customerId.Length > MaxCustomerIdLength
            ? throw new HubException($"customerId: 1..{MaxCustomerIdLength} characters")
            : customerId;
}
