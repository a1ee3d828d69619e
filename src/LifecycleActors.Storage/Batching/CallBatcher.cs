namespace LifecycleActors.Storage.Batching;

/// <summary>
/// Gathers concurrent calls into batches, one database round trip each. A call made while fewer than
/// <c>maxInFlight</c> batches are under way goes at once, alone; the calls made while they are all under way wait,
/// and the next batch to finish takes up to <c>maxBatch</c> of them with it. So a quiet silo adds no latency, and a
/// burst (the hundreds of customers of one delivery activating at once) costs a few round trips instead of hundreds.
/// </summary>
/// <remarks>A failed batch fails each of its calls with the same exception; the calls after it go on.</remarks>
public sealed class CallBatcher<TRequest, TResult>
{
    private readonly Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> _run;
    private readonly int _maxBatch;
    private readonly int _maxInFlight;
    private readonly Lock _gate = new();
    private readonly Queue<Pending> _waiting = new();
    private int _inFlight;
    private long _batches;
    private long _requests;

    /// <param name="run">Answers a batch: one result per request, in request order.</param>
    public CallBatcher(Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> run, int maxBatch, int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _run = run;
        _maxBatch = maxBatch;
        _maxInFlight = maxInFlight;
    }

    /// <summary>Batches run so far, and the requests they carried (for the tests and the figures).</summary>
    public (long Batches, long Requests) Totals => (Interlocked.Read(ref _batches), Interlocked.Read(ref _requests));

    public Task<TResult> CallAsync(TRequest request, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(request, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Pending>? batch = null;
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            if (_inFlight < _maxInFlight)
            {
                _inFlight++;
                batch = TakeBatch();
            }
        }

        if (batch is not null)
        {
            _ = Task.Run(() => RunBatchesAsync(batch), CancellationToken.None);
        }

        // The caller may stop waiting; the read itself goes ahead with its batch.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs batches until nothing waits, then gives its place back.</summary>
    private async Task RunBatchesAsync(List<Pending> batch)
    {
        while (true)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _requests, batch.Count);
            try
            {
                var results = await _run([.. batch.Select(p => p.Request)]);
                if (results.Count != batch.Count)
                {
                    throw new InvalidOperationException($"a batch of {batch.Count} requests was answered with {results.Count} results");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }

            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _inFlight--;
                    return;
                }

                batch = TakeBatch();
            }
        }
    }

    /// <summary>Up to the batch size of the calls waiting, oldest first. Called under the gate.</summary>
    private List<Pending> TakeBatch()
    {
        var batch = new List<Pending>(Math.Min(_waiting.Count, _maxBatch));
        while (batch.Count < _maxBatch && _waiting.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        return batch;
    }

    private sealed record Pending(TRequest Request, TaskCompletionSource<TResult> Done);
}
