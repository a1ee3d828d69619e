using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using Npgsql;
using Orleans.Runtime;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// A gray failure: one silo of three stopped with SIGSTOP for <see cref="Pause"/> under sustained load, then SIGCONT.
/// Its process stands still with its sockets open, so neither the storefront nor the other silos are refused: their
/// requests to it just go unanswered. Three real silo processes on a PostgreSQL of the test's own, with Orleans'
/// membership settings as in production, or with the failover tests' faster failure detection; the storefront
/// spreads batches over the three HTTP ports and, like one behind a balancer, sends a batch that is not answered
/// within <see cref="ClientTimeout"/> (or fails) to the next silo with the same event ids. The other two silos go on
/// acknowledging during the pause; the paused one comes back declared dead and ends itself (then a new process takes
/// its place, as an orchestrator would start one) or rejoins; every acknowledged event is applied exactly once.
/// </summary>
public sealed partial class GrayFailureTests
{
    private const int Customers = 300;
    private const int Victim = 1;
    private const int WarmUpEvents = 2000;
    private const int EventsAfterReturn = 1000;
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Longest time without any acknowledgement during the pause. A storefront batch sent to the paused silo costs
    /// one client timeout before it goes elsewhere; anything much longer means the other silos wait on the paused one.
    /// </summary>
    private static readonly TimeSpan LongestGapAllowed = TimeSpan.FromSeconds(8);

    /// <summary>
    /// A silo declared dead ends itself within this time of running again: its next read of the membership table
    /// (every 10 s, <see cref="LifecycleActors.Silo.Hosting.PostgresBackend.MembershipTableRefresh"/>), with room for a busy machine.
    /// </summary>
    private static readonly TimeSpan EndsWithin = TimeSpan.FromSeconds(20);

    /// <summary>A silo still running this long after SIGCONT, and not declared dead, has rejoined (two probe periods of 5 s).</summary>
    private static readonly TimeSpan RejoinedAfter = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="membership">
    /// <c>production</c>: Orleans' failure detection as in production (README: none of <c>Orleans:Membership</c> set,
    /// probes of 5 s, 3 missed); <c>fast</c>: the failover tests' (probes of 2 s, 2 missed), which declare the paused
    /// silo dead well within the pause.
    /// </param>
    [Theory]
    [InlineData("production")]
    [InlineData("fast")]
    public async Task Pausing_one_of_three_silos_under_load_keeps_the_others_acknowledging_and_applies_every_event_once(string membership)
    {
        string[] detection = membership == "fast" ? ["--Orleans:Membership:ProbeTimeout", "00:00:02", "--Orleans:Membership:NumMissedProbesLimit", "2"] : [];
        await using var postgres = await OwnPostgres.StartAsync();
        using var directory = new TempDirectory();
        await using var cluster = await SiloCluster.StartAsync(
            3, directory.Path, postgres.ConnectionString, ["--Lifecycle:Model:RefitInterval", "01:00:00", .. detection]); // no refit: no new VIP threshold mid-test
        var victim = cluster[Victim];
        var survivor = cluster[0].BaseAddress;
        var names = new Dictionary<string, string>
        {
            [cluster[0].BaseAddress.Authority] = "silo 0",
            [victim.BaseAddress.Authority] = "silo 1 (paused)",
            [cluster[2].BaseAddress.Authority] = "silo 2",
        };
        var shop = new FailoverShop("g", Customers, DateTimeOffset.UtcNow);
        using var http = new HttpClient { Timeout = ClientTimeout };
        var load = new ClusterLoad(http, SiloCluster.ApiKey, () => cluster.Up, shop, new ClusterLoad.Options(Workers: 6, BatchSize: 50, RequestDeadline: TimeSpan.FromSeconds(60)));
        using var stop = new CancellationTokenSource();
        using var stopWatching = new CancellationTokenSource();
        var loading = load.RunAsync(stop.Token);
        await using var members = MembershipWatch.Start(postgres.ConnectionString, () => load.Elapsed);
        var lags = new ConcurrentQueue<(TimeSpan At, double Lag)>();
        var watchingLag = WatchLagAsync(survivor, () => load.Elapsed, lags, stopWatching.Token);
        TimeSpan stoppedAt, continuedAt, loadStoppedAt;
        string lockHolder;
        (bool Ended, TimeSpan After, string Text) returned;
        try
        {
            await ClusterChecks.WaitForEventsAsync(load, WarmUpEvents);
            stoppedAt = load.Elapsed;
            await victim.PauseAsync();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), Ct);
                lockHolder = $"1 s into the pause: {await IdleLockHoldersAsync(postgres.ConnectionString)}";
                await Task.Delay(TimeSpan.FromSeconds(2), Ct);
                lockHolder += $", 3 s: {await IdleLockHoldersAsync(postgres.ConnectionString)}";
                await Task.Delay(Pause - (load.Elapsed - stoppedAt), Ct); // the fault itself lasts this long, whatever is asserted
            }
            finally
            {
                await victim.ResumeAsync();
            }

            continuedAt = load.Elapsed;
            returned = await AwaitReturnAsync(cluster, victim, members, load, continuedAt);
            if (cluster.Up.Count == 3)
            {
                names[cluster[Victim].BaseAddress.Authority] = returned.Ended ? "silo 1 (new process)" : names[victim.BaseAddress.Authority];
            }

            await ClusterChecks.WaitForEventsAsync(load, load.Events + EventsAfterReturn);
            var running = new[] { 0, 1, 2 }.Select(slot => cluster[slot].SiloPort).ToArray();
            await Eventually.Get(() => Task.FromResult(members.SettledOn(running)), settled => settled, TimeSpan.FromSeconds(60), $"membership settled ({members.Describe()})");
        }
        finally
        {
            loadStoppedAt = load.Elapsed;
            await stop.CancelAsync();
            await loading;
        }

        var lagZeroAt = await Eventually.Get(
            () => Task.FromResult(lags.LastOrDefault(l => l.At > continuedAt && l.Lag == 0)),
            l => l.At > TimeSpan.Zero,
            TimeSpan.FromSeconds(60),
            "apply lag 0 on a survivor after SIGCONT");
        await stopWatching.CancelAsync();
        await watchingLag;

        var acks = load.Acks.OrderBy(a => a.At).Select(a => (a.At, a.Events)).ToList();
        var byReturning = load.Acks.Count(a => a.At > continuedAt && a.Silo == victim.BaseAddress);
        var during = acks.Where(a => a.At > stoppedAt && a.At < continuedAt).ToList();
        var gap = LongestGap(acks, stoppedAt, continuedAt);
        var before = RateBetween(acks, stoppedAt - TimeSpan.FromSeconds(10), stoppedAt);
        var fullAgain = FullRateAgain(acks, stoppedAt, before, loadStoppedAt);
        var declaredDead = members.FirstSeen(victim.SiloPort, SiloStatus.Dead);
        var settled = members.LastChangeAfter(stoppedAt);
        var firstLagZero = lags.FirstOrDefault(l => l.At > continuedAt && l.Lag == 0).At;
        var lagBefore = lags.Where(l => l.At <= stoppedAt).Select(l => l.Lag).DefaultIfEmpty().Max();
        var lagBack = lags.FirstOrDefault(l => l.At > continuedAt && l.Lag <= lagBefore).At;
        Report($"failure detection: {membership}; paused silo 1 for {(continuedAt - stoppedAt).TotalSeconds:F1} s after {acks.Count(a => a.At <= stoppedAt)} acknowledged requests; " +
            $"during the pause {during.Sum(a => a.Events):N0} events in {during.Count} requests were acknowledged ({RateBetween(acks, stoppedAt, continuedAt):F0} events/s, " +
            $"before {before:F0} events/s), longest time without an acknowledgement {gap.TotalSeconds:F1} s; " +
            $"sessions idle in a transaction holding the log's append lock {lockHolder}");
        Report($"membership: silo 1 declared dead {(declaredDead is { } dead ? $"{(dead - stoppedAt).TotalSeconds:F1} s after SIGSTOP" : "never")}; " +
            $"returning silo: {returned.Text}; the returning process acknowledged {byReturning} requests after SIGCONT; membership last changed {(settled is { } last ? $"{(last - stoppedAt).TotalSeconds:F1} s after SIGSTOP ({(last - continuedAt).TotalSeconds:F1} s after SIGCONT)" : "never after SIGSTOP")}; " +
            $"changes, from SIGSTOP: {members.Describe(stoppedAt)}");
        Report($"recovery: acknowledgements at ≥ 80 % of the rate before {(fullAgain is { } full ? $"{(full - stoppedAt).TotalSeconds:F1} s after SIGSTOP ({(full - continuedAt).TotalSeconds:F1} s after SIGCONT)" : "not within the run")}; " +
            $"apply lag on silo 0 at most {lagBefore:F0} before the pause, back within that {(lagBack > TimeSpan.Zero ? $"{(lagBack - continuedAt).TotalSeconds:F1} s after SIGCONT" : "never")}, at most {lags.Where(l => l.At > stoppedAt).Select(l => l.Lag).DefaultIfEmpty().Max():F0} after, 0 again {(firstLagZero - continuedAt).TotalSeconds:F1} s after SIGCONT " +
            $"(last seen 0 at {(lagZeroAt.At - continuedAt).TotalSeconds:F1} s; the load stopped {(loadStoppedAt - continuedAt).TotalSeconds:F1} s after SIGCONT)");
        Report($"load: {load.Events:N0} events acknowledged in {load.Elapsed.TotalSeconds:F0} s; storefront answers: 202 ×{acks.Count}, " +
            string.Join(", ", load.Failures.Select(f => (Name: Named(f.Key, names), f.Value)).GroupBy(f => f.Name).Select(g => $"{g.Key} ×{g.Sum(f => f.Value)}")));

        Assert.Null(load.Abandoned);
        Assert.NotEmpty(during);
        Assert.InRange(gap, TimeSpan.Zero, LongestGapAllowed);
        if (membership == "fast")
        {
            // Declared dead within the pause, the silo ends itself once it runs again (Orleans stops a silo that
            // finds itself dead), and the new process took its place.
            Assert.NotNull(declaredDead);
            Assert.True(returned.Ended, returned.Text);
            Assert.True(returned.After < EndsWithin, $"the silo declared dead ran on for {returned.After.TotalSeconds:F1} s after SIGCONT");
        }

        await ClusterChecks.VerifyAsync(cluster.Up, shop, load);
        await ClusterChecks.AssertStatsCountAsync(survivor, load.Events);
    }

    /// <summary>
    /// After SIGCONT the silo either finds itself declared dead and ends its process (then a new process is started in
    /// its place, as an orchestrator would), or is still running and not dead <see cref="RejoinedAfter"/> later and
    /// answers a read: rejoined. Says which, with the times from SIGCONT.
    /// </summary>
    private static async Task<(bool Ended, TimeSpan After, string Text)> AwaitReturnAsync(SiloCluster cluster, SiloProcess victim, MembershipWatch membership, ClusterLoad load, TimeSpan continuedAt)
    {
        using var api = ClusterChecks.Api(victim.BaseAddress);
        var outcome = await Eventually.Get(
            async () =>
            {
                if (victim.HasExited)
                {
                    return "exited";
                }

                var statuses = membership.StatusOf(victim.SiloPort);
                return load.Elapsed - continuedAt > RejoinedAfter && statuses.Count > 0 && statuses.All(s => s == SiloStatus.Active) && await AnswersAsync(api)
                    ? "rejoined"
                    : null;
            },
            o => o is not null,
            TimeSpan.FromSeconds(60),
            $"the paused silo ends or serves again; membership: {membership.Describe()}; its log: {victim.LogTail(15)}");
        var after = load.Elapsed - continuedAt;
        if (outcome == "rejoined")
        {
            return (false, after, $"kept running, rejoined and answers {after.TotalSeconds:F1} s after SIGCONT");
        }

        var exitCode = victim.ExitCode;

        var log = victim.LogTail(200);
        var ownDeath = DeclaredDeadLine().Match(log) is { Success: true } line ? $" (its log: \"{line.Value.Trim()}\")" : "";
        await cluster.RemoveExitedAsync(Victim);
        await cluster.StartAsync(Victim);
        return (true, after, $"ended itself with exit code {exitCode} within {after.TotalSeconds:F1} s of SIGCONT{ownDeath}; " +
            $"a new process ready {(load.Elapsed - continuedAt).TotalSeconds:F1} s after SIGCONT");
    }

    private static async Task<bool> AnswersAsync(HttpClient api)
    {
        try
        {
            using var response = await api.GetAsync("/api/v1/customers/g-0", Ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sessions idle in a transaction for over half a second that hold an advisory lock (the event log's append lock),
    /// with how long they have been idle: a healthy append is idle between its statements for far less.
    /// </summary>
    private static async Task<string> IdleLockHoldersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), coalesce(max(extract(epoch FROM now() - a.state_change)), 0)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.state LIKE 'idle in transaction%' AND now() - a.state_change > interval '0.5 s'
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return reader.GetInt64(0) == 0 ? "none" : $"{reader.GetInt64(0)}, idle for {reader.GetDouble(1):F1} s";
    }

    /// <summary>Scrapes <c>lifecycle_apply_lag</c> from a silo's <c>/metrics</c> every half second.</summary>
    private static async Task WatchLagAsync(Uri silo, Func<TimeSpan> clock, ConcurrentQueue<(TimeSpan, double)> lags, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(5) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var scrape = await client.GetStringAsync("/metrics", stop);
                if (LagLine().Match(scrape) is { Success: true } line)
                {
                    lags.Enqueue((clock(), double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture)));
                }

                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Busy: the next scrape tells.
            }
        }
    }

    /// <summary>The longest time between <paramref name="from"/>, the acknowledgements in between and <paramref name="to"/>.</summary>
    private static TimeSpan LongestGap(List<(TimeSpan At, int Events)> acks, TimeSpan from, TimeSpan to)
    {
        var times = acks.Select(a => a.At).Where(at => at > from && at < to).Prepend(from).Append(to).ToList();
        return times.Zip(times.Skip(1), (a, b) => b - a).Max();
    }

    private static double RateBetween(List<(TimeSpan At, int Events)> acks, TimeSpan from, TimeSpan to) =>
        acks.Where(a => a.At > from && a.At <= to).Sum(a => a.Events) / (to - from).TotalSeconds;

    /// <summary>
    /// From when on, after <paramref name="from"/>, every 3-s window until <paramref name="end"/> acknowledged at least
    /// 80 % of <paramref name="rate"/>; null when none did.
    /// </summary>
    private static TimeSpan? FullRateAgain(List<(TimeSpan At, int Events)> acks, TimeSpan from, double rate, TimeSpan end)
    {
        var window = TimeSpan.FromSeconds(3);
        var step = TimeSpan.FromMilliseconds(250);
        TimeSpan? since = null;
        for (var t = from; t + window <= end; t += step)
        {
            var full = RateBetween(acks, t, t + window) >= 0.8 * rate;
            since = full ? since ?? t : null;
        }

        return since;
    }

    /// <summary>"host:port reason" with the silo's name for its address.</summary>
    private static string Named(string failure, Dictionary<string, string> names)
    {
        var space = failure.IndexOf(' ', StringComparison.Ordinal);
        return $"{failure[(space + 1)..]} from {names.GetValueOrDefault(failure[..space], failure[..space])}";
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [GeneratedRegex(@"^lifecycle_apply_lag(\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex LagLine();

    /// <summary>What Orleans logs when a silo finds itself declared dead.</summary>
    [GeneratedRegex(@"^.*\b(dead|kill\w*)\b.*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex DeclaredDeadLine();
}
