using LifecycleActors.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Tests.Support;

/// <summary>The real silo host (Kestrel on loopback, Orleans, SQLite in a temp directory) for one test class.</summary>
public class ApiHost : IAsyncLifetime
{
    public const string KeyA = "key-of-shop-a-0123456789";
    public const string KeyB = "key-of-shop-b-0123456789";

    private readonly TempDirectory _directory = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The silo's Orleans gateway, for clients of the cluster.</summary>
    public int GatewayPort { get; } = FreePort.Next();

    public string SqliteConnectionString => _directory.SqliteConnectionString;

    public WebApplication App => _app!;

    public HttpClient Client(string? apiKey = KeyA)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Tenants shop-a and shop-b, the same on every host of one cluster.</summary>
    public static IEnumerable<string> TenantArguments =>
    [
        "--Lifecycle:Tenants:0:Id", "shop-a",
        "--Lifecycle:Tenants:0:ApiKey", KeyA,
        "--Lifecycle:Tenants:1:Id", "shop-b",
        "--Lifecycle:Tenants:1:ApiKey", KeyB,
    ];

    /// <summary>More command-line configuration for the silo.</summary>
    protected virtual IEnumerable<string> Arguments => [];

    /// <summary>Registrations before the silo's own (<see cref="SiloApp.BuildAsync"/>), such as a test's trace exporter.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        _app = await SiloApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Lifecycle", _directory.SqliteConnectionString,
            .. TenantArguments,
            "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            .. Arguments,
        ], services =>
        {
            services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(ProcessMeters.Shared);
            ConfigureServices(services);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        using var client = Client(null);
        await Eventually.Get(
            async () => (await client.GetAsync("/health/ready")).StatusCode,
            status => status == System.Net.HttpStatusCode.OK,
            what: "silo ready");
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
