using System.Net;
using System.Security.Claims;
using LifecycleActors.Dashboard.Auth;
using LifecycleActors.Silo.Telemetry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// Who may read <c>/metrics</c>: callers on this machine, callers from the configured networks, and signed-in admins;
/// nobody else, whatever they claim.
/// </summary>
public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("172.28.0.7", true)]
    [InlineData("::ffff:172.28.255.254", true)]
    [InlineData("172.29.0.7", false)]
    [InlineData("203.0.113.9", false)]
    [InlineData("fd00::5", false)]
    public async Task Anonymous_callers_are_let_in_from_loopback_and_the_allowed_networks_only(string address, bool allowed)
    {
        Assert.Equal(allowed, await IsAllowedAsync(IPAddress.Parse(address), new ClaimsPrincipal(new ClaimsIdentity()), "172.28.0.0/16"));
    }

    [Fact]
    public async Task An_unknown_address_is_refused()
    {
        Assert.False(await IsAllowedAsync(null, new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("agent", false)]
    public async Task From_elsewhere_only_a_signed_in_admin_is_let_in(string role, bool allowed)
    {
        var agent = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "ana"), new Claim(AgentTokens.TenantClaim, "shop"), new Claim("role", role)], authenticationType: "Bearer"));

        Assert.Equal(allowed, await IsAllowedAsync(IPAddress.Parse("203.0.113.9"), agent));
    }

    [Fact]
    public async Task An_admin_role_claim_without_a_signed_in_identity_is_not_enough()
    {
        var forged = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AgentTokens.TenantClaim, "shop"), new Claim("role", "admin")]));

        Assert.False(await IsAllowedAsync(IPAddress.Parse("203.0.113.9"), forged));
    }

    private static async Task<bool> IsAllowedAsync(IPAddress? address, ClaimsPrincipal user, params string[] networks)
    {
        var handler = new MetricsAccess.Handler(Options.Create(new MetricsOptions { AllowedNetworks = [.. networks] }));
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = address;
        var context = new AuthorizationHandlerContext([new MetricsAccess()], user, http);
        await handler.HandleAsync(context);
        return context.HasSucceeded;
    }
}
