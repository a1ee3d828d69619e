using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Load;

/// <summary>The options of <c>lifecycle load</c>, validated: every value here is usable as is.</summary>
internal sealed record LoadOptions
{
    /// <summary>The generator keeps a few numbers per customer; ten million is far beyond any useful run.</summary>
    public const int MaxCustomers = 10_000_000;

    public const string Usage = """
        Usage:
          lifecycle load --url URL --api-key KEY [options]

        Posts generated storefront traffic (contract §2) to POST {url}/api/v1/events in JSON batches, measures the
        acknowledgement latency of each request, then polls GET {url}/api/v1/stats until every accepted event is
        applied. Event ids carry a fresh run id, so repeated runs never collide as duplicates.

        Options:
          --url URL              base URL of the service, e.g. http://localhost:5000 (required)
          --api-key KEY          tenant API key, sent as X-Api-Key (required)
          --events N             events to post (default 200000)
          --customers N          customer population c-0 .. c-(N-1), at least 2 (default 100000)
          --batch N              events per request, 1..1000 (default 500)
          --concurrency N        requests in flight, 1..1024 (default 8)
          --rate N               cap in events per second; 0 = as fast as possible (default 0)
          --seed N               traffic generator seed; same seed, same traffic (default 1)
          --max-retries N        retries per request on 429, 5xx and network errors, 0..100 (default 10)
          --apply-timeout SECS   how long to wait until the events are applied (default 120)
          --json                 print the summary as one JSON object instead of a table
          -h, --help             show this help

        Progress goes to stderr at most once a second; the summary goes to stdout.

        Exit codes: 0 done; 1 the run failed (401, 400, 413, retries exhausted, ...); 2 bad usage;
                    3 not all events applied within --apply-timeout; 130 cancelled.
        """;

    private static readonly string[] ValueOptions =
        ["--url", "--api-key", "--events", "--customers", "--batch", "--concurrency", "--rate", "--seed", "--max-retries", "--apply-timeout"];

    private static readonly string[] FlagOptions = ["--json"];

    /// <summary>The service's base URL, ending in a slash.</summary>
    public required Uri Url { get; init; }

    public required string ApiKey { get; init; }

    public int Events { get; init; } = 200_000;

    public int Customers { get; init; } = 100_000;

    public int Batch { get; init; } = 500;

    public int Concurrency { get; init; } = 8;

    /// <summary>Events per second; 0 means unpaced.</summary>
    public double Rate { get; init; }

    public int Seed { get; init; } = 1;

    public int MaxRetries { get; init; } = 10;

    public TimeSpan ApplyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public bool Json { get; init; }

    public Uri EventsUrl => new(Url, "api/v1/events");

    public Uri StatsUrl => new(Url, "api/v1/stats");

    /// <summary>Whether the arguments ask for help; checked before parsing so that help works next to a typo.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h");

    /// <exception cref="UsageException">The message names the offending option.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var parsed = ParsedArguments.Parse(args, ValueOptions, FlagOptions);
        var defaults = new LoadOptions { Url = new Uri("http://localhost/"), ApiKey = "-" };
        return new LoadOptions
        {
            Url = parsed.BaseUrl("--url"),
            ApiKey = parsed.RequiredString("--api-key"),
            Events = parsed.Int("--events", defaults.Events, 1, int.MaxValue),
            Customers = parsed.Int("--customers", defaults.Customers, 2, MaxCustomers),
            Batch = parsed.Int("--batch", defaults.Batch, 1, RequestLimits.MaxBatch),
            Concurrency = parsed.Int("--concurrency", defaults.Concurrency, 1, RequestLimits.MaxConcurrency),
            Rate = parsed.Double("--rate", defaults.Rate, 0),
            Seed = parsed.Int("--seed", defaults.Seed, int.MinValue, int.MaxValue),
            MaxRetries = parsed.Int("--max-retries", defaults.MaxRetries, 0, RequestLimits.MaxRetries),
            ApplyTimeout = TimeSpan.FromSeconds(parsed.Double("--apply-timeout", defaults.ApplyTimeout.TotalSeconds, 0, RequestLimits.MaxApplyTimeoutSeconds, minExclusive: true)),
            Json = parsed.Has("--json"),
        };
    }
}
