using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Storage;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Telemetry;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Grains.Tests.Resident;

/// <summary>
/// A real SQLite event log in a scratch directory and the services a <see cref="ResidentCustomer"/> works with; no
/// Orleans. Each test uses customer ids of its own.
/// </summary>
public sealed class ResidentCustomerFixture : IAsyncLifetime
{
    public const string Tenant = "resident-tests";
    public static readonly DateTimeOffset Day0 = DateTimeOffset.UtcNow.AddDays(-20);

    private readonly TempDirectory _directory = new();
    private readonly TestMeters _meters = new();
    private SqliteEventLog? _log;

    public IEventLog Log => _log ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync()
    {
        var files = SqliteFiles.From(_directory.SqliteConnectionString);
        await SqliteDatabase.MigrateAsync(files);
        _log = new SqliteEventLog(files.Log, 1000, TimeProvider.System, NullLogger<SqliteEventLog>.Instance);
        Campaigns = new CampaignDirectory(new SqliteCampaignStore(files.ReadModel, files.Log));
    }

    public CampaignDirectory Campaigns { get; private set; } = null!;

    /// <summary>The services for one test: its own read-model writer, and snapshots every <paramref name="snapshotEvery"/> events.</summary>
    internal CustomerServices Services(RecordingReadModelWriter readModel, int snapshotEvery = 500) => new(
        new CustomerRules(new RuleOptions()),
        Log,
        readModel,
        new NoFacts(),
        new SystemTenantClock(TimeProvider.System),
        Options.Create(new SnapshotOptions { EveryEvents = snapshotEvery }),
        new NoLiveUpdates(),
        Campaigns,
        new CustomerMetrics(_meters),
        new ApplyMetrics(_meters));

    /// <summary>Appends orders of one customer, one a day from <paramref name="firstDay"/>, and returns the log entries.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> AppendOrdersAsync(string customerId, string prefix, int count, decimal amount, int firstDay = 0)
    {
        var events = Enumerable.Range(0, count)
            .Select(i => new NewEvent($"{prefix}-{i}", customerId, EventType.OrderPlaced.ToWireName(), Day0.AddDays(firstDay + i), $"{prefix}-o-{i}", amount, null, null, "{}"))
            .ToList();
        var result = await Log.AppendAsync(Tenant, events, TestContext.Current.CancellationToken);
        Assert.Equal(count, result.Accepted.Count);
        return result.Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }

        _meters.Dispose();
        _directory.Dispose();
    }

    private sealed class NoFacts : ITenantFactsSource
    {
        public TenantFacts For(string tenant) => TenantFacts.None;
    }
}
