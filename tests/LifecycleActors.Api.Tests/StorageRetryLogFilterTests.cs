using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LifecycleActors.Api.Tests;

/// <summary>Orleans' retries against the database are quiet while the outage's own line stands for them, and only then.</summary>
public sealed class StorageRetryLogFilterTests
{
    [Fact]
    public void Orleans_storage_retries_are_not_logged_while_storage_is_down_and_are_again_after()
    {
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFilter("Orleans", LogLevel.Warning).AddFakeLogging())
            .AddSingleton<StorageOutage>()
            .AddStorageRetryLogFilter()
            .BuildServiceProvider();
        var factory = services.GetRequiredService<ILoggerFactory>();
        var membership = factory.CreateLogger("Orleans.Runtime.MembershipService.MembershipTableManager");
        var storage = factory.CreateLogger("Orleans.Storage.AdoNetGrainStorage");
        var customers = factory.CreateLogger<BatchedGrainStorage>();
        var catalog = factory.CreateLogger("Orleans.Runtime.Catalog");
        var outage = services.GetRequiredService<StorageOutage>();

        membership.LogWarning("before");
        membership.LogInformation("information is below Orleans' level");
        outage.Failed(new TimeoutException());
        membership.LogWarning("during: membership");
        storage.LogError(new TimeoutException(), "during: grain storage");
        customers.LogError(new TimeoutException(), "during: the customers' grain storage");
        catalog.LogWarning("during: another Orleans category");
        storage.LogCritical("during: critical");
        outage.Reached();
        storage.LogError("after");
        customers.LogError("after: the customers' grain storage");

        var lines = services.GetRequiredService<FakeLogCollector>().GetSnapshot()
            .Where(r => r.Category!.StartsWith("Orleans.", StringComparison.Ordinal) || r.Category == typeof(BatchedGrainStorage).FullName)
            .Select(r => r.Message);
        Assert.Equal(["before", "during: another Orleans category", "during: critical", "after", "after: the customers' grain storage"], lines);
    }
}
