using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Snapshots;

namespace LifecycleActors.Storage.Tests.Support;

/// <summary>
/// One engine's event log, read model and writer on a fresh, migrated database; <paramref name="otherSilo"/> makes
/// another read model over the same database, as a second silo has it.
/// </summary>
public sealed class StorageUnderTest(
    IEventLog log, IReadModel readModel, IReadModelWriter writer, IErasureStore erasures, IGrainStateTable grainStates, Func<IReadModel> otherSilo, Func<ValueTask> cleanUp)
    : IAsyncDisposable
{
    /// <summary>The customers' snapshots, as the silo's batched grain storage reads and writes them.</summary>
    public IGrainStateTable GrainStates => grainStates;

    /// <summary>The erasure jobs (ADR 0016) over the same databases.</summary>
    public IErasureStore Erasures => erasures;

    public IEventLog Log => log;

    public IReadModel ReadModel => readModel;

    public IReadModelWriter Writer => writer;

    /// <summary>The KPI store beside the read model.</summary>
    public IKpiStore Kpis => (IKpiStore)readModel;

    /// <summary>The KPI store as another silo on the same database has it.</summary>
    public IKpiStore OtherSilosKpis() => (IKpiStore)otherSilo();

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)writer).DisposeAsync();
        await ((IAsyncDisposable)log).DisposeAsync();
        await cleanUp();
    }
}

/// <summary>A storage engine the contract tests run against.</summary>
public interface IStorageEngine
{
    Task<StorageUnderTest> CreateAsync();
}
