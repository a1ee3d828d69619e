using LifecycleActors.Abstractions;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifecycleActors.Storage.Tests;

/// <summary>
/// The write-behind queue's depth counts customer rows and transitions from their queueing until a commit of them
/// succeeds (a failed commit keeps them waiting); each successful commit is measured with the rows it wrote.
/// </summary>
public sealed class ReadModelWriterMetricsTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("lifecycle-writer-metrics-").FullName;
    private readonly TestMeters _meters = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_wait_in_the_queue_depth_until_a_commit_succeeds_and_each_commit_is_measured()
    {
        var metrics = new ReadModelMetrics(_meters);
        using var depth = new MetricCollector<long>(_meters, ReadModelMetrics.MeterName, "lifecycle.read_model.queue.depth");
        using var commits = new MetricCollector<double>(_meters, ReadModelMetrics.MeterName, "lifecycle.read_model.flush.duration");
        using var written = new MetricCollector<long>(_meters, ReadModelMetrics.MeterName, "lifecycle.read_model.rows.written");

        // No tables yet: the first commit fails.
        var files = SqliteFiles.From($"Data Source={Path.Combine(_directory, "lifecycle.db")};Pooling=False");
        await using var writer = new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance, metrics);
        writer.Enqueue(Row("c1", events: 1));
        writer.Enqueue(Row("c1", events: 2));
        writer.Enqueue([Transition("c1", 1), Transition("c1", 2)]);
        Assert.Equal(4, Depth(depth));

        await Assert.ThrowsAnyAsync<Exception>(() => writer.FlushAsync(Ct));
        Assert.Equal(4, Depth(depth));
        Assert.Empty(commits.GetMeasurementSnapshot());

        // With the tables there, the next commit takes the waiting rows along (c1's newer row only) and c2's.
        await SqliteDatabase.MigrateAsync(files, Ct);
        writer.Enqueue(Row("c2", events: 1));
        Assert.Equal(5, Depth(depth));
        await writer.FlushAsync(Ct);

        Assert.Equal(0, Depth(depth));
        var commit = Assert.Single(commits.GetMeasurementSnapshot());
        Assert.InRange(commit.Value, 0, 60);
        Assert.Equal(4, written.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Rows_a_commit_could_not_write_are_written_once_storage_takes_writes_with_nothing_new_queued()
    {
        var metrics = new ReadModelMetrics(_meters);
        using var depth = new MetricCollector<long>(_meters, ReadModelMetrics.MeterName, "lifecycle.read_model.queue.depth");

        // No tables yet (as a full disk or a held lock): the commit fails and its rows stay waiting.
        var files = SqliteFiles.From($"Data Source={Path.Combine(_directory, "lifecycle.db")};Pooling=False");
        await using var writer = new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance, metrics);
        writer.Enqueue(Row("c1", events: 1));
        writer.Enqueue([Transition("c1", 1)]);
        await Assert.ThrowsAnyAsync<Exception>(() => writer.FlushAsync(Ct));
        Assert.Equal(2, Depth(depth));

        // Storage takes writes again; nobody enqueues or flushes: the writer retries by itself.
        await SqliteDatabase.MigrateAsync(files, Ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Depth(depth) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(0, Depth(depth));
        var readModel = new SqliteReadModel(files.ReadModel, files.Log);
        Assert.Equal(["view c1"], await readModel.ListAsync("shop", new CustomerFilter(null, null, null), null, 10, Ct));
        Assert.Single(await readModel.TransitionsAsync("shop", "c1", null, 10, Ct));
    }

    public void Dispose()
    {
        _meters.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static long Depth(MetricCollector<long> depth)
    {
        depth.RecordObservableInstruments();
        return depth.LastMeasurement!.Value;
    }

    private static CustomerRow Row(string customer, int events) =>
        new("shop", customer, "prospect", false, false, 0m, 0m, events, events, 0, null, At, $"view {customer}", PopulationInputs.None);

    private static TransitionRecord Transition(string customer, long sequence) =>
        new("shop", customer, "stage", "prospect", "one_time", At, At, sequence, $"reason {sequence}");
}
