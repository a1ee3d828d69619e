using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LifecycleActors.Dashboard.Auth;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Live;
using LifecycleActors.Silo.Tenants;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// The service against the limits of the machine it runs on, in one run: (a) the rules alone in memory, (b) the raw
/// durable append rate of the event-log table, (c) the whole service at saturation, (d) acknowledgement → transition
/// at a SignalR client at fractions of (c), on SQLite and PostgreSQL, (e) memory per active and per idle customer, and
/// (f) a million customers with a skewed popularity, mostly not in memory when their events arrive.
/// Prints progress, then one table with the ratios and the targets.
/// </summary>
internal static class LimitsHarness
{
    public const string Name = "limits";
    private const int RulesEventsPerCustomer = 20;
    private const int LogCapacity = 3_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LimitsOptions.Parse(args);
        Directory.CreateDirectory(options.DataDirectory);
        var output = Console.Out;
        output.WriteLine(Figures.Format($"limits: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; traffic over {options.Customers:N0} customer ids; data in {options.DataDirectory}"));

        RulesLimit.Result? rules = null;
        if (options.Runs('a'))
        {
            output.WriteLine("(a) the rules alone, in memory");
            rules = RulesLimit.Measure(options.Customers, RulesEventsPerCustomer);
            output.WriteLine(Figures.Format($"    {rules.Events:N0} events: {rules.OneCore:N0} events/s on one core, {rules.AllCores:N0} on {rules.Threads}"));
        }

        var needsDatabases = options.Runs('b') || options.Runs('c') || options.Runs('d') || options.Runs('f');
        await using var postgres = options.SkipPostgres || !needsDatabases ? null : await ThrowawayPostgres.StartAsync(options.Postgres);
        output.WriteLine(postgres is null ? "PostgreSQL: skipped (--no-postgres)" : $"PostgreSQL: {postgres.Description}");
        var backends = new List<BackendLimits>();
        if (needsDatabases && !options.SkipSqlite)
        {
            var sqlite = await MeasureBackendAsync("SQLite", Sqlite(options, "log"), () => SqliteArguments(options), options, output);
            backends.Add(await MeasureColdAsync(sqlite, () => SqliteArguments(options), options, output));
        }

        if (postgres?.Server is { } server)
        {
            var measured = await MeasureBackendAsync(
                "PostgreSQL",
                new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = await BenchDatabase.CreateAsync(server, "lifecycle_limits_log") },
                async () => ["--Storage:Provider", StorageOptions.Postgres, "--ConnectionStrings:Lifecycle", await BenchDatabase.CreateAsync(server, "lifecycle_limits_service")],
                options,
                output);
            backends.Add(await MeasureColdAsync(
                measured,
                async () => ["--Storage:Provider", StorageOptions.Postgres, "--ConnectionStrings:Lifecycle", await BenchDatabase.CreateAsync(server, "lifecycle_limits_cold")],
                options,
                output));
        }

        ActiveMemory.Result? memory = null;
        if (options.Runs('e'))
        {
            output.WriteLine(Figures.Format($"(e) memory: {options.Active:N0} customers activated in a silo inside this process (SQLite)"));
            memory = await ActiveMemory.MeasureAsync(Path.Combine(options.DataDirectory, "memory"), options.Active, options.ResidencyArguments, output);
        }

        output.WriteLine();
        LimitsTable.Print(output, rules, backends, memory);
        if (!options.KeepData)
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }

        return 0;
    }

    private static async Task<BackendLimits> MeasureBackendAsync(
        string name, StorageOptions logStorage, Func<Task<IEnumerable<string>>> siloArguments, LimitsOptions options, TextWriter output)
    {
        double? append = null;
        if (options.Runs('b'))
        {
            output.WriteLine($"(b) {name}: the event log's batched append alone ({LogAppendLimit.Batch} events a request, {LogAppendLimit.InFlight} in flight)");
            append = await LogAppendLimit.MeasureAsync(logStorage, options.Customers, options.LogAppend, LogCapacity);
            output.WriteLine(Figures.Format($"    {append:N0} events/s"));
        }

        if (!options.Runs('c') && !options.Runs('d'))
        {
            return new BackendLimits(name, append, null, []);
        }

        output.WriteLine($"(c) {name}: the whole service at saturation, {options.Saturation.TotalSeconds:F0} s ({ServiceSaturation.Batch} events a request, {ServiceSaturation.Workers} in flight)");
        var password = RandomNumberGenerator.GetHexString(32);
        var environment = new Dictionary<string, string>
        {
            [TenantConfiguration.BootstrapVariable] = TenantKey,
            [AgentDirectory.BootstrapPasswordVariable] = password,
        };
        var data = Path.Combine(options.DataDirectory, name.ToLowerInvariant());
        Directory.CreateDirectory(data);
        await using var silo = await BenchSilo.StartAsync(options.SiloDll, data, (await siloArguments()).Concat(options.ResidencyArguments), environment);
        // The agent's tenant: (d) goes on with the customers (c) activated, plus one new customer per request.
        var shop = new FailoverShop("sat", options.Customers, DateTimeOffset.UtcNow);
        var saturation = await ServiceSaturation.MeasureAsync(silo, TenantKey, shop, options.Saturation, output);
        output.WriteLine(Figures.Format($"    acknowledged {saturation.Accepted:N0} events/s, applied {Figures.Rate(saturation.Applied)} events/s (all applied {saturation.AppliedAfterLastAck.TotalSeconds:F1} s after the last acknowledgement)"));

        var levels = new List<AckToTransition.Level>();
        if (saturation.Applied is { } applied && options.Runs('d'))
        {
            var probes = new AckToTransition($"probe-{name.ToLowerInvariant()}-");
            await using var agent = await AgentFeed.ConnectAsync(silo.BaseAddress, AgentDirectory.BootstrapUsername, password, (t, _) => probes.Received(t), CancellationToken.None);
            using var api = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            api.DefaultRequestHeaders.Add("X-Api-Key", TenantKey);
            foreach (var fraction in options.LatencyLevels)
            {
                var rate = (int)(fraction * applied);
                output.WriteLine(Figures.Format($"(d) {name}: acknowledgement → transition at the agent, {fraction:P0} of (c) = {rate:N0} events/s for {options.LatencyLevel.TotalSeconds:F0} s"));
                var level = await probes.MeasureAsync(api, fraction, rate, options.LatencyLevel, shop);
                output.WriteLine(Figures.Format($"    {level.Received:N0} of {level.Probes:N0} probes received: p50 {level.P50:F0} ms, p99 {level.P99:F0} ms, max {level.Max:F0} ms (sent at {level.Achieved:N0} events/s; requests refused with 503: {level.Refused}, failed otherwise: {level.Failed})"));
                foreach (var (which, stages) in new[] { ("all", level.All), ("the slowest", level.Slowest) })
                {
                    output.WriteLine(Figures.Format($"    {which} {stages.Probes:N0}, medians: request → 202 {stages.SentToAck:F0} ms, 202 → detected in the customer {stages.AckToDetected:F0} ms, detected → at the agent {stages.DetectedToReceived:F0} ms"));
                }
                levels.Add(level);
            }
        }

        return new BackendLimits(name, append, saturation, levels);
    }

    /// <summary>(f) on a silo and database of its own, when asked for.</summary>
    private static async Task<BackendLimits> MeasureColdAsync(BackendLimits measured, Func<Task<IEnumerable<string>>> siloArguments, LimitsOptions options, TextWriter output)
    {
        if (!options.Runs('f'))
        {
            return measured;
        }

        output.WriteLine(Figures.Format($"(f) {measured.Name}: mostly cold customers, {options.ColdTraffic.TotalSeconds:F0} s at saturation, activations collected after {options.CollectionAge.TotalSeconds:F0} s idle"));
        var cold = await ColdTraffic.MeasureAsync(
            options, Path.Combine(options.DataDirectory, $"{measured.Name.ToLowerInvariant()}-cold"), (await siloArguments()).Concat(options.ResidencyArguments), output);
        output.WriteLine(Figures.Format($"    acknowledged {cold.Accepted:N0} events/s, applied {Figures.Rate(cold.Applied)} events/s; {cold.Activations:N0} activations for {cold.Events:N0} events: {cold.ColdShare:P0} met a cold customer (the popularity predicts {cold.ExpectedColdShare:P0})"));
        return measured with { Cold = cold };
    }

    /// <summary>The API key of the bootstrap tenant, whose bootstrap agent listens on the hub.</summary>
    private const string TenantKey = "limits-tenant-key-0123456789abcdef";

    private static StorageOptions Sqlite(LimitsOptions options, string name)
    {
        var directory = Path.Combine(options.DataDirectory, $"sqlite-{name}");
        Directory.CreateDirectory(directory);
        return new StorageOptions { ConnectionString = $"Data Source={Path.Combine(directory, "lifecycle.db")};Pooling=True;Default Timeout=30" };
    }

    private static Task<IEnumerable<string>> SqliteArguments(LimitsOptions options) => Task.FromResult<IEnumerable<string>>([]);
}

/// <summary>What was measured on one database: (b), (c), the (d) levels and (f).</summary>
internal sealed record BackendLimits(string Name, double? Append, ServiceSaturation.Result? Saturation, IReadOnlyList<AckToTransition.Level> Levels)
{
    /// <summary>(f), when measured.</summary>
    public ColdTraffic.Result? Cold { get; init; }
}
