using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Load;
using LifecycleActors.Cli.Output;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Commands;

/// <summary><c>lifecycle load</c>: the load generator (see <see cref="LoadOptions.Usage"/>).</summary>
internal static class LoadCommand
{
    public const string Name = "load";

    public const string Summary = "post generated storefront traffic to the HTTP API; measure ack latency, throughput and time until applied";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (LoadOptions.WantsHelp(args))
        {
            await stdout.WriteLineAsync(LoadOptions.Usage);
            return ExitCodes.Ok;
        }

        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"lifecycle load: {e.Message}\nRun 'lifecycle load --help' for the options.");
            return ExitCodes.Usage;
        }

        using var http = ServiceHttpClient.Create(options.Concurrency);
        LoadReport report;
        try
        {
            report = await new LoadRunner(options, http, stderr, TimeProvider.System).RunAsync(cancellationToken);
        }
        catch (RunAbortedException e)
        {
            await stderr.WriteLineAsync($"lifecycle load: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("lifecycle load: cancelled");
            return ExitCodes.Cancelled;
        }

        if (options.Json)
        {
            LoadJsonReport.Write(stdout, report);
        }
        else
        {
            LoadSummaryTable.Write(stdout, report);
        }

        if (!report.Apply.Wait.Applied)
        {
            await stderr.WriteLineAsync(
                $"lifecycle load: {report.Apply.AppliedOfRun?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown number"} of "
                + $"{report.Apply.OfRun:N0} events applied within --apply-timeout {options.ApplyTimeout.TotalSeconds:0.###} s");
            return ExitCodes.NotApplied;
        }

        return ExitCodes.Ok;
    }
}
