using System.Globalization;
using System.Net;
using System.Threading.Channels;
using LifecycleActors.Cli.Output;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Import;

/// <summary>
/// One import: reads the input into batches while <c>--concurrency</c> senders post them, then (with
/// <c>--wait-applied</c>) waits until the service has applied what it accepted. A refusal that a retry cannot change
/// stops the run, except 400 and 413, which concern one batch: it is reported and counted, and the import goes on.
/// </summary>
internal sealed class ImportRunner(ImportOptions options, HttpClient http, IImportSource source, ImportLog log, TextWriter progress, bool terminal, TimeProvider time)
{
    /// <summary>contract §6: a request body holds at most 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Rejected events of one answer kept for printing; the log prints the first few of the whole run.</summary>
    private const int RejectionsPerAnswer = ImportLog.MaxPerKind;

    /// <exception cref="OperationCanceledException">Cancelled by the caller.</exception>
    public async Task<ImportReport> RunAsync(CancellationToken cancellationToken)
    {
        var stats = new StatsClient(http, options.StatsUrl, options.ApiKey);
        var tally = new EventTally();
        var sender = new BatchSender(http, options.EventsUrl, options.ApiKey, RetryPolicy.Standard(options.MaxRetries), new LatencyRecorder())
        {
            OnRetry = _ => tally.Retried(),
        };

        string? aborted = null;
        long? baseline = null;
        var started = time.GetTimestamp();
        var elapsed = TimeSpan.Zero;
        try
        {
            // Also the first check of --url and --api-key, before any event is sent.
            baseline = options.WaitApplied ? await stats.ReadBaselineAsync(cancellationToken) : null;
            started = time.GetTimestamp();
            await WithProgressAsync(SendingProgress(tally, started), () => SendAllAsync(sender, tally, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is RunAbortedException or IOException or InvalidDataException)
        {
            aborted = e.Message;
        }
        finally
        {
            elapsed = time.GetElapsedTime(started);
        }

        var report = new ImportReport
        {
            Options = options,
            Source = source.Description,
            RecordsRead = source.RecordsRead,
            RecordUnit = source.RecordUnit,
            EventsRead = source.EventsRead,
            Totals = tally.Totals(elapsed),
            Skipped = source.Skipped,
            FirstRejections = log.FirstRejections,
            Aborted = aborted,
        };

        return aborted is null && baseline is { } before
            ? await WaitAppliedAsync(report, stats, before, before + tally.Accepted, cancellationToken)
            : report;
    }

    /// <summary>
    /// Waits for the accepted events only: a duplicate may be an event of an earlier import of the same history, which
    /// does not count again (or, rarely, one whose first attempt this run committed; it is then applied alongside).
    /// </summary>
    private async Task<ImportReport> WaitAppliedAsync(ImportReport report, StatsClient stats, long baseline, long target, CancellationToken cancellationToken)
    {
        ServiceStats? last = null;
        var waitStarted = time.GetTimestamp();
        try
        {
            var apply = await WithProgressAsync(
                _ => string.Create(
                    CultureInfo.InvariantCulture,
                    $"[{time.GetElapsedTime(waitStarted).TotalSeconds,6:0.0}s] applied {(Volatile.Read(ref last)?.EventsApplied ?? baseline) - baseline:N0}/{target - baseline:N0} accepted events"),
                () => ApplyWaiter.WaitAsync(
                    async token =>
                    {
                        var read = await stats.ReadStatsAsync(token);
                        Volatile.Write(ref last, read);
                        return read.EventsApplied;
                    },
                    target,
                    options.ApplyTimeout,
                    ApplyWaiter.PollInterval,
                    time,
                    null,
                    cancellationToken),
                cancellationToken);
            return report with { Apply = new ApplyOutcome(baseline, target, apply), Stages = last?.Stages };
        }
        catch (RunAbortedException e)
        {
            return report with { Aborted = e.Message };
        }
    }

    private Func<TimeSpan, string> SendingProgress(EventTally tally, long started) => _ =>
    {
        var elapsed = time.GetElapsedTime(started);
        var acknowledged = tally.Acknowledged;
        var of = source.TotalEvents is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"acknowledged {acknowledged:N0}/{total:N0} events")
            : string.Create(CultureInfo.InvariantCulture, $"acknowledged {acknowledged:N0} events, read {Megabytes(source.BytesRead)}{(source.TotalBytes is { } size ? "/" + Megabytes(size) : "")} MB");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,6:0.0}s] {of}  {EventTotals.Rate(acknowledged, elapsed):N0} ev/s  accepted {tally.Accepted:N0}  duplicates {tally.Duplicates:N0}  rejected {tally.Rejected:N0}  retries {tally.Retries:N0}");
    };

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);

    private Task WithProgressAsync(Func<TimeSpan, string> describe, Func<Task> work, CancellationToken cancellationToken) =>
        WithProgressAsync(
            describe,
            async () =>
            {
                await work();
                return true;
            },
            cancellationToken);

    private async Task<T> WithProgressAsync<T>(Func<TimeSpan, string> describe, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporting = ProgressLine.RunAsync(progress, terminal ? ProgressLine.TerminalInterval : ProgressLine.Interval, time, describe, stop.Token, overwrite: terminal);
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

    private async Task SendAllAsync(BatchSender sender, EventTally tally, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A few batches ready per sender, so that reading never holds a sender up, without holding the input in memory.
        var batches = Channel.CreateBounded<ImportBatch>(new BoundedChannelOptions(options.Concurrency * 2) { SingleWriter = true });
        var tasks = new List<Task> { Task.Run(() => ProduceAsync(batches.Writer, run.Token), run.Token) };
        for (var i = 0; i < options.Concurrency; i++)
        {
            tasks.Add(Task.Run(() => SendEachAsync(batches.Reader, sender, tally, run.Token), run.Token));
        }

        await TaskGroup.WhenAllOrFirstFailureAsync(tasks, run, cancellationToken);
    }

    private async Task ProduceAsync(ChannelWriter<ImportBatch> writer, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new BatchBuilder(options.Batch, MaxBodyBytes);
            var completed = new List<ImportBatch>(2);
            await foreach (var e in source.ReadAsync(log, cancellationToken))
            {
                builder.Add(e, completed);
                foreach (var batch in completed)
                {
                    await writer.WriteAsync(batch, cancellationToken);
                }

                completed.Clear();
            }

            if (builder.Flush() is { } last)
            {
                await writer.WriteAsync(last, cancellationToken);
            }
        }
        catch (IOException e)
        {
            throw new IOException($"cannot read {source.Description}: {e.Message}", e);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task SendEachAsync(ChannelReader<ImportBatch> reader, BatchSender sender, EventTally tally, CancellationToken cancellationToken)
    {
        var rejections = new List<AckRejection>(RejectionsPerAnswer);
        await foreach (var batch in reader.ReadAllAsync(cancellationToken))
        {
            var answer = await sender.PostAsync(batch.Body, cancellationToken);
            switch (answer.Status)
            {
                case HttpStatusCode.Accepted:
                    rejections.Clear();
                    var ack = sender.Acknowledgement(answer.Content, rejections, RejectionsPerAnswer);
                    tally.Acknowledge(batch.Events, ack, time.GetTimestamp());
                    foreach (var r in rejections)
                    {
                        log.Report(ImportLog.RejectedEvents, $"rejected {r.Id} ({batch.Origin(r.Index)}): {r.Error}");
                    }

                    break;
                case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                    tally.Refuse(batch.Events);
                    log.Report(ImportLog.RefusedBatches, $"a batch of {batch.Range} was refused, its events are counted as rejected: {answer.Refusal}");
                    break;
                default:
                    throw new RunAbortedException(answer.Refusal);
            }
        }
    }
}
