using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Import;
using LifecycleActors.Cli.Output;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Commands;

/// <summary><c>lifecycle import</c>: replays a history of events into the service (see <see cref="ImportOptions.Usage"/>).</summary>
internal static class ImportCommand
{
    public const string Name = "import";

    public const string Summary = "replay a history of events (NDJSON, or the UCI Online Retail CSV) into the service over the HTTP API";

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CliEnvironment environment, CancellationToken cancellationToken)
    {
        if (ImportOptions.WantsHelp(args))
        {
            await stdout.WriteLineAsync(ImportOptions.Usage);
            return ExitCodes.Ok;
        }

        ImportOptions options;
        try
        {
            options = ImportOptions.Parse(args, environment.Variable);
            if (options.Path != ImportOptions.Stdin && !File.Exists(options.Path))
            {
                throw new UsageException($"{(options.Format == ImportFormat.Ndjson ? "--ndjson" : "--online-retail")}: no such file '{options.Path}'");
            }
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"lifecycle import: {e.Message}\nRun 'lifecycle import --help' for the options.");
            return ExitCodes.Usage;
        }

        // Senders, the reader and the progress line all write to stderr.
        var errors = TextWriter.Synchronized(stderr);
        var log = new ImportLog(errors, environment.StderrIsTerminal);
        try
        {
            using var source = await OpenAsync(options, environment, log, cancellationToken);
            using var http = ServiceHttpClient.Create(options.Concurrency);
            var report = await new ImportRunner(options, http, source, log, errors, environment.StderrIsTerminal, TimeProvider.System).RunAsync(cancellationToken);
            return await FinishAsync(report, stdout, log);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log.Write($"cannot read {options.Path}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Write("cancelled");
            return ExitCodes.Cancelled;
        }
    }

    private static async Task<IImportSource> OpenAsync(ImportOptions options, CliEnvironment environment, ImportLog log, CancellationToken cancellationToken)
    {
        if (options.Format == ImportFormat.Ndjson)
        {
            return NdjsonSource.Open(options.Path, environment.OpenStdin, BatchBuilder.MaxEventBytes(ImportRunner.MaxBodyBytes));
        }

        // Seconds of work for the whole data set: off the caller's thread, so that Ctrl+C is not kept waiting.
        var converting = Stopwatch.StartNew();
        var source = await Task.Run(() => OnlineRetailSource.Open(options.Path), cancellationToken).WaitAsync(cancellationToken);
        var c = source.Conversion;
        log.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"{c.Rows:N0} rows: {c.Orders:N0} orders and {c.Refunds:N0} refunds of {c.Customers:N0} customers, {c.Events.Count:N0} events in {converting.Elapsed.TotalSeconds:0.0} s"));
        return source;
    }

    private static async Task<int> FinishAsync(ImportReport report, TextWriter stdout, ImportLog log)
    {
        if (report.Options.JsonPath == ImportOptions.Stdin)
        {
            await stdout.WriteLineAsync(ImportJsonReport.Write(report));
        }
        else
        {
            ImportSummaryTable.Write(stdout, report);
            if (report.Options.JsonPath is { } path)
            {
                try
                {
                    await File.WriteAllTextAsync(path, ImportJsonReport.Write(report) + "\n", CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    log.Write($"cannot write the --json report: {e.Message}");
                    return ExitCodes.Failed;
                }
            }
        }

        if (report.Aborted is { } reason)
        {
            log.Write($"aborted: {reason}");
            return ExitCodes.Failed;
        }

        if (report.Totals.Rejected > 0 || report.InputErrors > 0)
        {
            log.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.Totals.Rejected:N0} events rejected by the service, {report.InputErrors:N0} input {report.RecordUnit} unreadable"));
            return ExitCodes.Rejected;
        }

        if (report.Apply is { Wait.Applied: false } apply)
        {
            log.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{apply.AppliedOfRun?.ToString("N0", CultureInfo.InvariantCulture) ?? "an unknown number"} of {apply.OfRun:N0} accepted events applied within --apply-timeout {report.Options.ApplyTimeout.TotalSeconds:0.###} s"));
            return ExitCodes.NotApplied;
        }

        return ExitCodes.Ok;
    }
}
