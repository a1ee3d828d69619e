using System.Diagnostics;
using System.Text.Json;
using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Tests.Support;

namespace LifecycleActors.Cli.Tests;

/// <summary><c>lifecycle load</c> from the command line to the summary, against a fake of the service's API.</summary>
public sealed class LoadCommandTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var deadline = Deadline.Default();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await Program.RunAsync(args, stdout, stderr, deadline.Token);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static string[] Load(FakeHttpServer server, params string[] more) =>
        ["load", "--url", server.BaseUrl.AbsoluteUri, "--api-key", FakeLifecycleApi.ApiKey, .. more];

    [Fact]
    public async Task A_run_posts_every_event_once_and_reports_it_applied_as_json()
    {
        var api = new FakeLifecycleApi { Baseline = 5_000, UnavailablePosts = 1 };
        await using var server = new FakeHttpServer(api.Handle);
        var before = DateTimeOffset.UtcNow;

        var (exitCode, stdout, stderr) = await RunAsync(Load(server, "--events", "1234", "--customers", "50", "--batch", "100", "--concurrency", "4", "--json"));

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        using var report = JsonDocument.Parse(stdout);
        var r = report.RootElement;
        Assert.Equal(1234, r.GetProperty("accepted").GetInt64());
        Assert.Equal(0, r.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, r.GetProperty("rejected").GetInt64());
        Assert.Equal(1, r.GetProperty("retries").GetInt64());
        Assert.Equal(13, r.GetProperty("requests").GetInt64());
        Assert.Equal(5_000 + 1234, r.GetProperty("eventsApplied").GetInt64());
        Assert.True(r.GetProperty("applied").GetBoolean());
        Assert.True(r.GetProperty("secondsToApplied").GetDouble() >= 0);
        Assert.True(r.GetProperty("eventsPerSecond").GetDouble() > 0);
        Assert.True(r.GetProperty("appliedEventsPerSecond").GetDouble() > 0);
        foreach (var name in (string[])["ackP50Ms", "ackP90Ms", "ackP99Ms", "ackMaxMs"])
        {
            Assert.True(r.GetProperty(name).GetDouble() > 0, name);
        }

        Assert.True(r.GetProperty("ackP50Ms").GetDouble() <= r.GetProperty("ackP99Ms").GetDouble());

        // Every event was sent with the run's id prefix, for one of the customers, and none in the future.
        var runId = r.GetProperty("runId").GetString()!;
        Assert.Equal(1234, api.Events.Count);
        Assert.All(api.Events, e =>
        {
            Assert.StartsWith(runId + "-", e.GetProperty("id").GetString(), StringComparison.Ordinal);
            var customer = int.Parse(e.GetProperty("customerId").GetString()!["c-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(customer, 0, 49);
            Assert.InRange(e.GetProperty("occurredAt").GetDateTimeOffset(), before.AddDays(-1), DateTimeOffset.UtcNow);
        });
    }

    [Fact]
    public async Task The_table_summary_lines_up_its_numbers()
    {
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);

        var (exitCode, stdout, stderr) = await RunAsync(Load(server, "--events", "10", "--customers", "5", "--batch", "3"));

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        var lines = stdout.TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("accepted ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 10", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("time until applied", StringComparison.Ordinal));
        var valueColumnEnds = lines.Where(l => l.StartsWith("ack p", StringComparison.Ordinal)).Select(l => l.IndexOf(" ms", StringComparison.Ordinal)).Distinct();
        Assert.Single(valueColumnEnds);
    }

    [Fact]
    public async Task Events_that_are_never_applied_end_in_exit_code_3_after_the_timeout()
    {
        var api = new FakeLifecycleApi { Applies = false, Baseline = 7 };
        await using var server = new FakeHttpServer(api.Handle);

        var (exitCode, stdout, stderr) = await RunAsync(Load(server, "--events", "20", "--customers", "5", "--batch", "10", "--apply-timeout", "0.3", "--json"));

        Assert.Equal(ExitCodes.NotApplied, exitCode);
        var r = JsonDocument.Parse(stdout).RootElement;
        Assert.False(r.GetProperty("applied").GetBoolean());
        Assert.Equal(7, r.GetProperty("eventsApplied").GetInt64());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("secondsToApplied").ValueKind);
        Assert.Contains("0 of 20 events applied within --apply-timeout 0.3 s", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_key_fails_before_any_event_is_sent()
    {
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);

        var (exitCode, stdout, stderr) = await RunAsync("load", "--url", server.BaseUrl.AbsoluteUri, "--api-key", "wrong", "--events", "10");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("answered 401 Unauthorized (check --api-key)", stderr, StringComparison.Ordinal);
        Assert.Contains("a valid X-Api-Key header is required", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_refused_batch_stops_all_senders_and_exits_1_with_the_problem()
    {
        var posts = 0;
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(request => request.Method == "POST" && Interlocked.Increment(ref posts) == 3
            ? new FakeResponse(413, """{"title":"Payload too large","detail":"the body exceeds 1048576 bytes"}""", "application/problem+json")
            : api.Handle(request));

        var (exitCode, _, stderr) = await RunAsync(Load(server, "--events", "100000", "--customers", "50", "--batch", "10", "--concurrency", "2"));

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("answered 413 Payload Too Large (lower --batch): {\"title\":\"Payload too large\"", stderr, StringComparison.Ordinal);
        // 10,000 batches were planned; the other sender stops at the next await instead of posting them all.
        Assert.True(server.Requests.Count(r => r.Method == "POST") < 1000, "the other sender stopped");
    }

    [Fact]
    public async Task The_rate_option_paces_the_run()
    {
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);
        var clock = Stopwatch.StartNew();

        // 50 events at 100/s in batches of 10: the first batch leaves at once, the other four 0.1 s apart.
        var (exitCode, _, stderr) = await RunAsync(Load(server, "--events", "50", "--customers", "5", "--batch", "10", "--rate", "100", "--concurrency", "4"));

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.4), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(new[] { "load", "--url", "http://localhost:5000", "--api-key", "k", "--batch", "0" }, "lifecycle load: --batch: expected an integer from 1 to 1000, got '0'")]
    [InlineData(new[] { "load", "--frobnicate" }, "lifecycle load: unknown option '--frobnicate'")]
    [InlineData(new[] { "unload" }, "lifecycle: unknown command 'unload'")]
    [InlineData(new string[0], "Usage:")]
    public async Task Bad_usage_exits_2_naming_the_problem(string[] args, string message)
    {
        var (exitCode, stdout, stderr) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Empty(stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "lifecycle <command> [options]")]
    [InlineData(new[] { "load", "--help" }, "lifecycle load --url URL --api-key KEY [options]")]
    [InlineData(new[] { "load", "--bogus", "-h" }, "--apply-timeout SECS")]
    public async Task Help_prints_usage_on_stdout(string[] args, string expected)
    {
        var (exitCode, stdout, stderr) = await RunAsync(args);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }
}
