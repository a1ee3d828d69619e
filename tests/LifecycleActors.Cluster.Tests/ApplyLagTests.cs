using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// <c>lifecycle_apply_lag</c> (the log's head minus the applied watermark, as each silo's recovery pass sees it) rises
/// while a silo is paused and falls back to 0 once it runs again. Two real silo processes on one PostgreSQL database;
/// the second is stopped with SIGSTOP, as a silo in a long garbage-collection pause or a frozen VM would be, so its
/// customers (about half) hold events accepted by the first without applying them, and the first silo's
/// <c>/metrics</c> is watched over HTTP. Chosen over holding back applying inside one process because it is the
/// issue's case itself, with nothing of the service replaced. Kept robust on a busy machine: the paused silo is
/// not declared dead during the pause (a high missed-probe limit), no step waits a fixed time, and "rises while
/// paused" means above 0 in scrapes more than one recovery interval apart, which the normal write-behind delay
/// (half a second) cannot explain.
/// </summary>
public sealed partial class ApplyLagTests(TestPostgres server) : IClassFixture<TestPostgres>
{
    private const int Customers = 200;
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_lag_rises_while_a_silo_is_paused_and_falls_back_once_it_runs_again()
    {
        var connectionString = await server.CreateDatabaseAsync();
        using var directory = new TempDirectory();
        await using var cluster = await SiloCluster.StartAsync(
            2, directory.Path, connectionString, "--Orleans:Membership:NumMissedProbesLimit", "30", "--Lifecycle:Model:RefitInterval", "01:00:00");
        using var first = new HttpClient { BaseAddress = cluster[0].BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        first.DefaultRequestHeaders.Add("X-Api-Key", SiloCluster.ApiKey);

        // Every customer has an activation, on one silo or the other, and the first silo sees nothing behind.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(first, round: 1)).StatusCode);
        await LagOf(first, lag => lag == 0, "no lag before the pause");

        await cluster[1].PauseAsync();
        try
        {
            // The answer may wait on the paused silo (stream delivery); the events are durable in the log before that.
            var posting = PostAsync(first, round: 2);
            var rose = await LagOf(first, lag => lag > 0, "lag above 0 while the second silo is paused");
            var since = DateTime.UtcNow;
            var still = await LagOf(first, lag => lag == 0 || DateTime.UtcNow - since > RecoveryInterval + RecoveryInterval, "a second look, two recovery intervals on");
            Assert.True(still > 0, $"the lag went back to 0 while the silo was paused (it had risen to {rose})");

            await cluster[1].ResumeAsync();
            await LagOf(first, lag => lag == 0, "no lag once the second silo runs again", TimeSpan.FromMinutes(2));
            Assert.Equal(HttpStatusCode.Accepted, (await posting).StatusCode);
        }
        finally
        {
            await cluster[1].ResumeAsync();
        }
    }

    /// <summary>One visit of every customer.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient silo, int round) =>
        silo.PostAsync("/api/v1/events", Body.Of([.. Enumerable.Range(0, Customers).Select(c => Body.Event($"r{round}-{c}", $"c-{c}", "visit"))]), Ct);

    /// <summary>Scrapes <c>/metrics</c> until the lag satisfies <paramref name="done"/>; returns that lag.</summary>
    private static Task<double> LagOf(HttpClient silo, Func<double, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.Get(
            async () => Lag(await silo.GetStringAsync("/metrics", Ct)) ?? -1,
            lag => lag >= 0 && done(lag),
            timeout ?? TimeSpan.FromSeconds(90),
            what);

    private static double? Lag(string scrape) =>
        LagLine().Match(scrape) is { Success: true } line ? double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^lifecycle_apply_lag(\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex LagLine();
}
