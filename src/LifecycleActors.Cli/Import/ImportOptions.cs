using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Import;

/// <summary>What <c>lifecycle import</c> reads.</summary>
internal enum ImportFormat
{
    /// <summary>One contract §2 event object per line, sent as is.</summary>
    Ndjson,

    /// <summary>The UCI Online Retail CSV, converted by <see cref="History.OnlineRetailHistory"/>.</summary>
    OnlineRetail,
}

/// <summary>The options of <c>lifecycle import</c>, validated: every value here is usable as is.</summary>
internal sealed record ImportOptions
{
    public const string DefaultUrl = "http://localhost:5000";

    public const string ApiKeyVariable = "LIFECYCLE_API_KEY";

    /// <summary>The path that means standard input.</summary>
    public const string Stdin = "-";

    public const string Usage = """
        Usage:
          lifecycle import (--ndjson FILE | --online-retail FILE) [options]

        Replays a history of events into a running service: POST {url}/api/v1/events in JSON batches, in the
        order of the input. Event ids come from the input, so importing the same history again only adds
        duplicates, and a retried request (resent as is) can never count an event twice.

        Input (exactly one):
          --ndjson FILE          one contract §2 event object per line, sent as is; '-' reads stdin. Blank lines are
                                 ignored; a line that is not a JSON object is reported with its number and skipped
          --online-retail FILE   the UCI Online Retail CSV (plain or gzip): an invoice becomes order_placed, a
                                 cancellation order_refunded, in event-time order (see the README for the mapping)

        Options:
          --url URL              base URL of the service (default http://localhost:5000)
          --api-key KEY          tenant API key, sent as X-Api-Key (default: $LIFECYCLE_API_KEY)
          --batch N              events per request, 1..1000 (default 500); a request also stays within 1 MiB
          --concurrency N        requests in flight, 1..1024 (default 4); 1 keeps the input order strictly
          --max-retries N        retries per request on 429, 5xx and network errors, 0..100 (default 10)
          --wait-applied         then poll GET {url}/api/v1/stats until the accepted events are applied
          --apply-timeout SECS   how long --wait-applied waits (default 300)
          --json FILE            also write the summary as one JSON object to FILE ('-': stdout, instead of the table)
          -h, --help             show this help

        Progress goes to stderr, the summary to stdout. A whole batch refused with 400 or 413 is reported and its
        events counted as rejected; the import goes on. 401 and other refusals stop it.

        Exit codes: 0 done, every event accepted or a duplicate; 1 aborted (401, another refusal, retries
                    exhausted, unreadable input); 2 bad usage; 3 not all applied within --apply-timeout;
                    4 done, but events were rejected by the service or input lines/rows could not be read
                    (4 wins over 3); 130 cancelled.
        """;

    private static readonly string[] ValueOptions =
        ["--ndjson", "--online-retail", "--url", "--api-key", "--batch", "--concurrency", "--max-retries", "--apply-timeout", "--json"];

    private static readonly string[] FlagOptions = ["--wait-applied"];

    public required ImportFormat Format { get; init; }

    /// <summary>The input file, or <see cref="Stdin"/>.</summary>
    public required string Path { get; init; }

    /// <summary>The service's base URL, ending in a slash.</summary>
    public required Uri Url { get; init; }

    public required string ApiKey { get; init; }

    public int Batch { get; init; } = 500;

    public int Concurrency { get; init; } = 4;

    public int MaxRetries { get; init; } = 10;

    public bool WaitApplied { get; init; }

    public TimeSpan ApplyTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Where the JSON summary goes: a file, <see cref="Stdin"/> for stdout, or null for none.</summary>
    public string? JsonPath { get; init; }

    public Uri EventsUrl => new(Url, "api/v1/events");

    public Uri StatsUrl => new(Url, "api/v1/stats");

    /// <summary>Whether the arguments ask for help; checked before parsing so that help works next to a typo.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h");

    /// <param name="variable">Reads an environment variable (<see cref="ApiKeyVariable"/>).</param>
    /// <exception cref="UsageException">The message names the offending option.</exception>
    public static ImportOptions Parse(IReadOnlyList<string> args, Func<string, string?> variable)
    {
        var parsed = ParsedArguments.Parse(args, ValueOptions, FlagOptions);
        var (format, path) = (parsed.OptionalString("--ndjson"), parsed.OptionalString("--online-retail")) switch
        {
            (null, null) => throw new UsageException("an input is required: --ndjson FILE or --online-retail FILE"),
            ({ }, { }) => throw new UsageException("--ndjson and --online-retail: give only one input"),
            ({ } ndjson, null) => (ImportFormat.Ndjson, ndjson),
            (null, { } csv) => csv == Stdin
                ? throw new UsageException("--online-retail: reading stdin is not supported; give a file")
                : (ImportFormat.OnlineRetail, csv),
        };

        var apiKey = parsed.OptionalString("--api-key")
            ?? (variable(ApiKeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null)
            ?? throw new UsageException($"--api-key is required (or set {ApiKeyVariable})");

        var waitApplied = parsed.Has("--wait-applied");
        if (!waitApplied && parsed.HasValue("--apply-timeout"))
        {
            throw new UsageException("--apply-timeout: only with --wait-applied");
        }

        var defaults = new ImportOptions { Format = format, Path = path, Url = new Uri(DefaultUrl), ApiKey = apiKey };
        return defaults with
        {
            Url = parsed.BaseUrl("--url", DefaultUrl),
            Batch = parsed.Int("--batch", defaults.Batch, 1, RequestLimits.MaxBatch),
            Concurrency = parsed.Int("--concurrency", defaults.Concurrency, 1, RequestLimits.MaxConcurrency),
            MaxRetries = parsed.Int("--max-retries", defaults.MaxRetries, 0, RequestLimits.MaxRetries),
            WaitApplied = waitApplied,
            ApplyTimeout = TimeSpan.FromSeconds(
                parsed.Double("--apply-timeout", defaults.ApplyTimeout.TotalSeconds, 0, RequestLimits.MaxApplyTimeoutSeconds, minExclusive: true)),
            JsonPath = parsed.OptionalString("--json"),
        };
    }
}
