using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Storage.Tests.Support;

/// <summary>One engine's event log, read model and writer on a fresh, migrated database.</summary>
public sealed class StorageUnderTest(IEventLog log, IReadModel readModel, IReadModelWriter writer, Func<ValueTask> cleanUp) : IAsyncDisposable
{
    public IEventLog Log => log;

    public IReadModel ReadModel => readModel;

    public IReadModelWriter Writer => writer;

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
