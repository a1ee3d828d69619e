using System.Globalization;
using System.Threading.Channels;
using LifecycleActors.Cli.Output;
using LifecycleActors.Cli.Service;
using LifecycleActors.Ingestion;

namespace LifecycleActors.Cli.Load;

/// <summary>
/// One load run: reads the applied baseline, posts the generated traffic with <c>--concurrency</c> senders, then
/// waits until the service has applied it.
/// </summary>
internal sealed class LoadRunner(LoadOptions options, HttpClient http, TextWriter progress, TimeProvider time)
{
    private readonly record struct PendingBatch(byte[] Body, int Events);

    /// <exception cref="RunAbortedException">The server refused the run or could not be reached.</exception>
    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var stats = new StatsClient(http, options.StatsUrl, options.ApiKey);
        var baseline = await stats.ReadBaselineAsync(cancellationToken);

        var runId = TrafficPlan.NewRunId();
        var latencies = new LatencyRecorder();
        var tally = new EventTally();
        var sender = new BatchSender(http, options.EventsUrl, options.ApiKey, RetryPolicy.Standard(options.MaxRetries), latencies)
        {
            OnRetry = _ => tally.Retried(),
        };

        var started = time.GetTimestamp();
        var firstSend = await WithProgressAsync(PostingProgress(tally, latencies, started), () => PostAllAsync(runId, sender, tally, cancellationToken), cancellationToken);
        var postingTime = time.GetElapsedTime(firstSend, tally.LastAckTimestamp);

        // Ids are fresh per run, so a duplicate can only be a batch whose earlier attempt the service committed
        // before its 202 was lost: those events are applied too, and the target must wait for them.
        var target = baseline + tally.Accepted + tally.Duplicates;
        long appliedSeen = baseline;
        var apply = await WithProgressAsync(
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $"[{time.GetElapsedTime(started).TotalSeconds,6:0.0}s] applied {Volatile.Read(ref appliedSeen) - baseline:N0}/{target - baseline:N0} events"),
            () => ApplyWaiter.WaitAsync(
                stats.ReadEventsAppliedAsync,
                target,
                options.ApplyTimeout,
                ApplyWaiter.PollInterval,
                time,
                value => Volatile.Write(ref appliedSeen, value),
                cancellationToken),
            cancellationToken);

        return new LoadReport
        {
            RunId = runId,
            Options = options,
            Totals = tally.Totals(postingTime),
            Latency = latencies.Summarize(),
            Apply = new ApplyOutcome(baseline, target, apply),
        };
    }

    private Func<TimeSpan, string> PostingProgress(EventTally tally, LatencyRecorder latencies, long started)
    {
        long previous = 0;
        return sincePrevious =>
        {
            var acknowledged = tally.Acknowledged;
            var rate = (acknowledged - previous) / sincePrevious.TotalSeconds;
            previous = acknowledged;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"[{time.GetElapsedTime(started).TotalSeconds,6:0.0}s] acknowledged {acknowledged:N0}/{options.Events:N0} events  {rate:N0} ev/s  ack p99 {latencies.Summarize().P99:0.0} ms  retries {tally.Retries:N0}");
        };
    }

    private async Task<T> WithProgressAsync<T>(Func<TimeSpan, string> describe, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporting = ProgressLine.RunAsync(progress, ProgressLine.Interval, time, describe, stop.Token);
        try
        {
            return await work();
        }
        finally
        {
            await stop.CancelAsync();
            await reporting;
        }
    }

    /// <returns>The timestamp of the first send: posting time is measured from there.</returns>
    private async Task<long> PostAllAsync(string runId, BatchSender sender, EventTally tally, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A few batches ready per sender, so that generating never holds a sender up, without holding the whole run in memory.
        var capacity = options.Concurrency * 2;
        var batches = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(capacity) { SingleWriter = true });
        var primed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = options.Rate > 0 ? new RatePacer(options.Rate, options.Batch, time) : null;

        var tasks = new List<Task> { Task.Run(() => ProduceAsync(batches.Writer, runId, capacity, primed, run.Token), run.Token) };

        // The clock starts once the channel is full: the generator's warm-up (JIT, first allocations) is not the server's time.
        await Task.WhenAny(primed.Task, tasks[0]);
        var firstSend = time.GetTimestamp();
        for (var i = 0; i < options.Concurrency; i++)
        {
            tasks.Add(Task.Run(() => SendAllAsync(batches.Reader, sender, pacer, tally, run.Token), run.Token));
        }

        await TaskGroup.WhenAllOrFirstFailureAsync(tasks, run, cancellationToken);
        return firstSend;
    }

    /// <param name="primed">Completed once <paramref name="primeAfter"/> batches are queued, or all of them are.</param>
    private async Task ProduceAsync(ChannelWriter<PendingBatch> writer, string runId, int primeAfter, TaskCompletionSource primed, CancellationToken cancellationToken)
    {
        try
        {
            var traffic = TrafficPlan.Create(options, runId, time.GetUtcNow());
            var written = 0;
            for (var remaining = options.Events; remaining > 0;)
            {
                var count = Math.Min(options.Batch, remaining);
                await writer.WriteAsync(new PendingBatch(EventJson.WriteBatch(traffic.Take(count)), count), cancellationToken);
                remaining -= count;
                if (++written == primeAfter)
                {
                    primed.TrySetResult();
                }
            }
        }
        finally
        {
            writer.TryComplete();
            primed.TrySetResult();
        }
    }

    private async Task SendAllAsync(ChannelReader<PendingBatch> reader, BatchSender sender, RatePacer? pacer, EventTally tally, CancellationToken cancellationToken)
    {
        await foreach (var batch in reader.ReadAllAsync(cancellationToken))
        {
            if (pacer is not null)
            {
                await pacer.WaitAsync(batch.Events, cancellationToken);
            }

            var ack = await sender.SendAsync(batch.Body, cancellationToken);
            tally.Acknowledge(batch.Events, ack, time.GetTimestamp());
        }
    }
}
