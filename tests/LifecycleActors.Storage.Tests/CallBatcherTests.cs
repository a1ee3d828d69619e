using LifecycleActors.Storage.Batching;

namespace LifecycleActors.Storage.Tests;

/// <summary>Concurrent calls gathered into batches: who goes alone, who waits, what each call is answered, and failures.</summary>
public sealed class CallBatcherTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_while_nothing_is_under_way_goes_at_once_alone()
    {
        var batches = new List<IReadOnlyList<int>>();
        var batcher = new CallBatcher<int, int>(batch => { batches.Add(batch); return Task.FromResult<IReadOnlyList<int>>([.. batch.Select(x => x * 10)]); }, maxBatch: 100, maxInFlight: 1);

        Assert.Equal(30, await batcher.CallAsync(3, Ct).WaitAsync(Deadline, Ct));
        Assert.Equal(40, await batcher.CallAsync(4, Ct).WaitAsync(Deadline, Ct));

        Assert.Equal(["3", "4"], batches.Select(b => string.Join(",", b)));
    }

    [Fact]
    public async Task Calls_made_while_every_batch_is_under_way_go_together_in_the_next_each_with_its_own_answer()
    {
        var first = new TaskCompletionSource();
        var batches = new List<IReadOnlyList<int>>();
        var batcher = new CallBatcher<int, string>(
            async batch =>
            {
                lock (batches)
                {
                    batches.Add(batch);
                }

                if (batch.Contains(0))
                {
                    await first.Task;
                }

                return [.. batch.Select(x => $"r{x}")];
            },
            maxBatch: 3,
            maxInFlight: 1);

        var held = batcher.CallAsync(0, Ct);
        var waiting = Enumerable.Range(1, 5).Select(i => batcher.CallAsync(i, Ct)).ToList();
        Assert.DoesNotContain(waiting, w => w.IsCompleted);
        first.SetResult();

        Assert.Equal("r0", await held.WaitAsync(Deadline, Ct));
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], await Task.WhenAll(waiting).WaitAsync(Deadline, Ct));
        Assert.Equal(["0", "1,2,3", "4,5"], batches.Select(b => string.Join(",", b)));
        Assert.Equal((3L, 6L), batcher.Totals);
    }

    [Fact]
    public async Task A_failed_batch_fails_its_calls_and_the_next_calls_are_answered()
    {
        var failing = true;
        var batcher = new CallBatcher<int, int>(
            batch => failing ? throw new InvalidOperationException("database down") : Task.FromResult<IReadOnlyList<int>>([.. batch]),
            maxBatch: 10,
            maxInFlight: 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.CallAsync(1, Ct).WaitAsync(Deadline, Ct));
        failing = false;

        Assert.Equal("database down", error.Message);
        Assert.Equal(2, await batcher.CallAsync(2, Ct).WaitAsync(Deadline, Ct));
    }

    [Fact]
    public async Task An_answer_of_the_wrong_length_fails_the_batch_instead_of_mixing_up_answers()
    {
        var batcher = new CallBatcher<int, int>(_ => Task.FromResult<IReadOnlyList<int>>([]), maxBatch: 10, maxInFlight: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.CallAsync(1, Ct).WaitAsync(Deadline, Ct));

        Assert.Contains("1 requests was answered with 0 results", error.Message, StringComparison.Ordinal);
    }
}
