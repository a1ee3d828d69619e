using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// The one way the service reads its options: each type is bound from its configuration section and checked by its
/// own <c>Validate</c> when the host starts, so a bad value stops the service with the full key at fault
/// (<c>Lifecycle:Scheduler:PageSize: must be 1..100000</c>).
/// </summary>
public static class OptionsConvention
{
    /// <param name="section">The configuration section, such as <c>Lifecycle:Scheduler</c>.</param>
    /// <param name="validate">The first problem as "Key: reason" with the key relative to the section, or null.</param>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, string?> validate)
        where T : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new SectionValidator<T>(section, validate)));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class SectionValidator<T>(string section, Func<T, string?> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            validate(options) is { } problem ? ValidateOptionsResult.Fail($"{section}:{problem}") : ValidateOptionsResult.Success;
    }
}
