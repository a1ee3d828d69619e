using LifecycleActors.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Tests.Support;

/// <summary>A silo with its co-hosted dashboard, plus a standalone dashboard (an Orleans client) of the same cluster.</summary>
public sealed class StandaloneDashboardHost : DashboardHost
{
    private WebApplication? _standalone;

    public Uri StandaloneAddress { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _standalone = await StandaloneDashboardApp.BuildAsync(
        [
            "--Lifecycle:Role", StandaloneDashboardApp.Role,
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Lifecycle", SqliteConnectionString,
            "--Orleans:Endpoints:GatewayPort", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            .. TenantArguments,
            .. AgentArguments,
        ], services => services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(ProcessMeters.Shared));
        await _standalone.StartAsync();
        StandaloneAddress = new Uri(_standalone.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public override async ValueTask DisposeAsync()
    {
        if (_standalone is not null)
        {
            await _standalone.StopAsync();
            await _standalone.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
