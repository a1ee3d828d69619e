namespace LifecycleActors.Silo.Hosting.Demo;

/// <summary>Registers the demo traffic with the options under <c>Lifecycle:Demo</c>.</summary>
public static class DemoRegistration
{
    public static IServiceCollection AddDemoTraffic(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Lifecycle:Demo").Get<DemoOptions>() ?? new DemoOptions();
        options.Validate();
        services.AddSingleton(options);
        services.AddHostedService<DemoTraffic>();
        return services;
    }
}
