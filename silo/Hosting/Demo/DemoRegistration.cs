namespace LifecycleActors.Silo.Hosting.Demo;

/// <summary>Registers the demo traffic with the options under <c>Lifecycle:Demo</c>.</summary>
public static class DemoRegistration
{
    public static IServiceCollection AddDemoTraffic(this IServiceCollection services)
    {
        services.AddValidatedOptions<DemoOptions>("Lifecycle:Demo", o => o.Validate());
        services.AddHostedService<DemoTraffic>();
        return services;
    }
}
