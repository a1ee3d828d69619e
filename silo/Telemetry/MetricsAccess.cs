using System.Net;
using LifecycleActors.Silo.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c>: callers on this machine, callers from <see cref="MetricsOptions.AllowedNetworks"/>,
/// and signed-in admins. The figures name tenants and campaigns, so they stay off the public internet (the balancer in
/// <c>deploy/</c> does not route the path).
/// </summary>
public sealed class MetricsAccess : IAuthorizationRequirement
{
    public const string Policy = "metrics-reader";

    public static void AddPolicy(AuthorizationOptions options) =>
        options.AddPolicy(Policy, p => p.AddRequirements(new MetricsAccess()));

    internal sealed class Handler(IOptions<MetricsOptions> options) : AuthorizationHandler<MetricsAccess>
    {
        private readonly IReadOnlyList<IPNetwork> _networks = options.Value.ParsedNetworks();

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsAccess requirement)
        {
            var address = (context.Resource as HttpContext)?.Connection.RemoteIpAddress;
            if (IsAllowed(address) || AgentIdentity.IsAdmin(context.User))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }

        private bool IsAllowed(IPAddress? address)
        {
            if (address is null)
            {
                return false;
            }

            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            return IPAddress.IsLoopback(address) || _networks.Any(n => n.Contains(address));
        }
    }
}
