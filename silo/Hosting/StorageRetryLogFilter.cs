using LifecycleActors.Silo.Api;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// While storage is known to be unreachable (<see cref="StorageOutage"/>), Orleans' own retries against it (membership
/// table refreshes and I-am-alive writes, reminder reads, grain state reads and writes) are not logged: each would be a
/// Warning or Error with a stack trace every few seconds, and the outage's one line already says what they would.
/// Outside an outage these categories log from Warning up, as <c>Logging:LogLevel:Orleans</c> does by default; Critical
/// always passes.
/// </summary>
public static class StorageRetryLogFilter
{
    /// <summary>
    /// The Orleans categories that talk to the service's database; Orleans logs a failed state read or write under the
    /// storage provider's type, which for customers is <see cref="BatchedGrainStorage"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> Categories =
        ["Orleans.Runtime.MembershipService", "Orleans.Runtime.ReminderService", "Orleans.Storage", typeof(BatchedGrainStorage).FullName!];

    public static IServiceCollection AddStorageRetryLogFilter(this IServiceCollection services) =>
        services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(provider => new ConfigureOptions<LoggerFilterOptions>(options =>
        {
            foreach (var category in Categories)
            {
                options.AddFilter(category, level => Logs(level, provider.GetRequiredService<StorageOutage>().IsDown));
            }
        }));

    /// <summary>Whether a line of <paramref name="level"/> from one of <see cref="Categories"/> is written.</summary>
    public static bool Logs(LogLevel level, bool storageDown) =>
        level >= LogLevel.Critical || (level >= LogLevel.Warning && !storageDown);
}
