using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Tests.Support;

namespace LifecycleActors.Cli.Tests.Import;

/// <summary><c>lifecycle import</c> from the command line to the summary, against a fake of the service's API.</summary>
public sealed class ImportCommandTests
{
    private const string RetailHeader = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static readonly CliEnvironment NoEnvironment = new(_ => null, () => Stream.Null, StderrIsTerminal: false);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(CliEnvironment environment, params string[] args)
    {
        using var deadline = Deadline.Default();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await Program.RunAsync(args, stdout, stderr, deadline.Token, environment);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(NoEnvironment, args);

    private static string[] Import(FakeHttpServer server, params string[] more) =>
        ["import", "--url", server.BaseUrl.AbsoluteUri, "--api-key", FakeLifecycleApi.ApiKey, .. more];

    private static string EventLine(int n, string? pad = null) =>
        $$"""{"id":"e-{{n}}","customerId":"c-{{n % 7}}","type":"visit","occurredAt":"2011-01-01T00:00:{{n % 60:00}}Z"{{(pad is null ? "" : $",\"data\":{{\"pad\":\"{pad}\"}}")}}}""";

    private static string Ndjson(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";

    private static List<FakeRequest> Posts(FakeHttpServer server) => [.. server.Requests.Where(r => r.Method == "POST")];

    private static List<string> Ids(FakeRequest request) =>
        [.. JsonDocument.Parse(request.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];

    private static string SummaryRow(string stdout, string label) =>
        stdout.Split('\n').Single(l => l.StartsWith(label + "  ", StringComparison.Ordinal)).TrimEnd();

    [Fact]
    public async Task An_ndjson_file_is_sent_line_for_line_in_batches_and_a_bad_line_is_reported_and_counted()
    {
        var lines = Enumerable.Range(1, 25).Select(n => EventLine(n)).ToList();
        lines[12] = "{\"id\":\"e-13\",";
        using var file = TempFile.With(Ndjson(lines), ".ndjson");
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);

        var (exitCode, stdout, stderr) = await RunAsync(Import(server, "--ndjson", file.Path, "--batch", "10", "--concurrency", "1"));

        Assert.Equal(ExitCodes.Rejected, exitCode);
        Assert.Contains($"line 13: not a JSON object (invalid JSON at byte ", stderr, StringComparison.Ordinal);
        var posts = Posts(server);
        Assert.Equal([10, 10, 4], posts.Select(p => Ids(p).Count));
        // The lines' bytes as written, in file order, the bad one left out.
        var sent = lines.Where((_, i) => i != 12).ToList();
        Assert.Equal("[" + string.Join(",", sent.Take(10)) + "]", posts[0].BodyText);
        Assert.Equal(sent, posts.SelectMany(p => JsonDocument.Parse(p.Body).RootElement.EnumerateArray().Select(e => e.GetRawText())));
        Assert.Equal(24, api.Events.Count);
        Assert.EndsWith(" 25", SummaryRow(stdout, "lines read"), StringComparison.Ordinal);
        Assert.EndsWith(" 24", SummaryRow(stdout, "events read"), StringComparison.Ordinal);
        Assert.EndsWith(" 24", SummaryRow(stdout, "accepted"), StringComparison.Ordinal);
        Assert.EndsWith(" 1 lines", SummaryRow(stdout, "skipped: not a JSON object"), StringComparison.Ordinal);
        Assert.Contains("1 input lines unreadable", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_from_stdin_with_the_key_from_the_environment_gives_a_json_report()
    {
        var input = Encoding.UTF8.GetBytes(Ndjson(Enumerable.Range(1, 30).Select(n => EventLine(n))));
        var environment = new CliEnvironment(name => name == "LIFECYCLE_API_KEY" ? FakeLifecycleApi.ApiKey : null, () => new MemoryStream(input), StderrIsTerminal: false);
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);

        var (exitCode, stdout, stderr) = await RunAsync(environment, "import", "--url", server.BaseUrl.AbsoluteUri, "--ndjson", "-", "--batch", "7", "--json", "-");

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        var r = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("ndjson stdin", r.GetProperty("source").GetString());
        Assert.Equal((30, 30, 30, 0, 0, 5), (
            r.GetProperty("eventsRead").GetInt64(), r.GetProperty("acknowledged").GetInt64(), r.GetProperty("accepted").GetInt64(),
            r.GetProperty("duplicates").GetInt64(), r.GetProperty("rejected").GetInt64(), r.GetProperty("requests").GetInt64()));
        Assert.Equal(JsonValueKind.Null, r.GetProperty("applied").ValueKind);
        Assert.Equal(30, api.Events.Count);
    }

    [Fact]
    public async Task Online_retail_events_are_sent_in_event_time_order_and_the_skips_reported()
    {
        using var csv = TempFile.With(string.Join('\n',
            RetailHeader,
            "C200,A,\"ITEM, A\",-1,2011-02-01 10:00:00,2.00,1,France",
            "200,A,\"ITEM, A\",3,2011-01-15 10:00:00,2.00,1,France",
            "100,A,ITEM A,1,2011-01-01 10:00:00,2.00,2,France",
            "300,B,ITEM B,1,2011-01-10 10:00:00,5.00,,France",
            "400,B,ITEM B,1,2011-03-01 10:00:00,1.25,2,France") + "\n", ".csv");
        using var report = TempFile.Named(".json");
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);

        var (exitCode, stdout, stderr) = await RunAsync(Import(server, "--online-retail", csv.Path, "--batch", "1", "--concurrency", "1", "--json", report.Path));

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        Assert.Equal(["ord-100", "ord-200", "ref-C200-200", "ord-400"], Posts(server).SelectMany(Ids));
        var refund = api.Events.Single(e => e.GetProperty("id").GetString() == "ref-C200-200");
        Assert.Equal("order_refunded", refund.GetProperty("type").GetString());
        Assert.Equal("2011-02-01T10:00:00Z", refund.GetProperty("occurredAt").GetString());
        Assert.Equal(2.00m, refund.GetProperty("data").GetProperty("amount").GetDecimal());
        Assert.Contains("5 rows: 3 orders and 1 refunds of 2 customers", stderr, StringComparison.Ordinal);
        Assert.EndsWith(" 1 rows", SummaryRow(stdout, "skipped: rows without a customer"), StringComparison.Ordinal);

        var r = JsonDocument.Parse(File.ReadAllText(report.Path)).RootElement;
        Assert.Equal(4, r.GetProperty("accepted").GetInt64());
        Assert.Equal(1, r.GetProperty("skipped").GetProperty("rowsWithoutCustomer").GetInt64());
        Assert.Equal(0, r.GetProperty("skipped").GetProperty("unmatchedCancellationLines").GetInt64());
    }

    [Fact]
    public async Task Requests_stay_within_one_mebibyte_whatever_the_batch_size()
    {
        var pad = new string('x', 200_000);
        var lines = Enumerable.Range(1, 12).Select(n => EventLine(n, pad)).ToList();
        using var file = TempFile.With(Ndjson(lines), ".ndjson");
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);

        var (exitCode, _, stderr) = await RunAsync(Import(server, "--ndjson", file.Path, "--batch", "1000", "--concurrency", "1"));

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        var posts = Posts(server);
        // About 200 kB an event: five fit in 1 MiB, six do not.
        Assert.Equal([5, 5, 2], posts.Select(p => Ids(p).Count));
        Assert.All(posts, p => Assert.InRange(p.Body.Length, 1, 1024 * 1024));
        Assert.Equal(12, api.Events.Count);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_no_event_is_lost_or_counted_twice()
    {
        var posts = 0;
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(request =>
        {
            if (request.Method != "POST")
            {
                return api.Handle(request);
            }

            return Interlocked.Increment(ref posts) switch
            {
                1 => FakeResponse.Json(503, """{"title":"Service Unavailable"}"""),
                2 => new FakeResponse(429, """{"title":"Too Many Requests"}""", "application/problem+json", new Dictionary<string, string> { ["Retry-After"] = "1" }),
                // Committed, but the answer is lost: the retry of this batch finds its events already there.
                4 => api.Handle(request) is { Status: 202 } ? FakeResponse.Drop : throw new InvalidOperationException(),
                _ => api.Handle(request),
            };
        });
        using var file = TempFile.With(Ndjson(Enumerable.Range(1, 50).Select(n => EventLine(n))), ".ndjson");
        var clock = Stopwatch.StartNew();

        var (exitCode, stdout, stderr) = await RunAsync(Import(server, "--ndjson", file.Path, "--batch", "10", "--concurrency", "2", "--json", "-"));

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        var r = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(50, r.GetProperty("acknowledged").GetInt64());
        Assert.Equal(40, r.GetProperty("accepted").GetInt64());
        Assert.Equal(10, r.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, r.GetProperty("rejected").GetInt64());
        Assert.Equal(3, r.GetProperty("retries").GetInt64());
        Assert.Equal(5, r.GetProperty("requests").GetInt64());
        Assert.Equal(50, api.Events.Count);
        Assert.Equal(8, posts);
        // The 429's Retry-After (1 s) was waited for, not just the 50-100 ms of the first backoff.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_batch_refused_with_400_is_reported_and_counted_as_rejected_and_the_import_goes_on()
    {
        var posts = 0;
        var api = new FakeLifecycleApi();
        const string Problem = """{"title":"Invalid request","status":400,"detail":"body: not valid JSON","field":"body"}""";
        await using var server = new FakeHttpServer(request => request.Method == "POST" && Interlocked.Increment(ref posts) == 2
            ? new FakeResponse(400, Problem, "application/problem+json")
            : api.Handle(request));
        using var file = TempFile.With(Ndjson(Enumerable.Range(1, 30).Select(n => EventLine(n))), ".ndjson");

        var (exitCode, stdout, stderr) = await RunAsync(Import(server, "--ndjson", file.Path, "--batch", "10", "--concurrency", "1"));

        Assert.Equal(ExitCodes.Rejected, exitCode);
        Assert.Contains("a batch of 10 events, lines 11–20 was refused, its events are counted as rejected: POST", stderr, StringComparison.Ordinal);
        Assert.Contains("answered 400 Bad Request: " + Problem, stderr, StringComparison.Ordinal);
        Assert.Equal(3, posts);
        Assert.Equal(20, api.Events.Count);
        Assert.EndsWith(" 20", SummaryRow(stdout, "accepted"), StringComparison.Ordinal);
        Assert.Contains(" 10 0 one by one, 10 in 1 refused batches; first: a batch of 10 events, lines 11–20 was refused", SummaryRow(stdout, "rejected"), StringComparison.Ordinal);
        Assert.Contains("10 events rejected by the service", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_rejected_one_by_one_are_counted_and_the_first_printed_with_id_line_and_error()
    {
        var api = new FakeLifecycleApi { Reject = e => e.GetProperty("id").GetString() is "e-7" or "e-19" ? "occurredAt: before 2000-01-01" : null };
        await using var server = new FakeHttpServer(api.Handle);
        using var file = TempFile.With(Ndjson(Enumerable.Range(1, 20).Select(n => EventLine(n))), ".ndjson");

        var (exitCode, stdout, stderr) = await RunAsync(Import(server, "--ndjson", file.Path, "--batch", "5", "--json", "-"));

        Assert.Equal(ExitCodes.Rejected, exitCode);
        Assert.Contains("rejected e-7 (line 7): occurredAt: before 2000-01-01", stderr, StringComparison.Ordinal);
        Assert.Contains("rejected e-19 (line 19): occurredAt: before 2000-01-01", stderr, StringComparison.Ordinal);
        var r = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((18, 2, 2, 0), (r.GetProperty("accepted").GetInt64(), r.GetProperty("rejected").GetInt64(), r.GetProperty("rejectedEvents").GetInt64(), r.GetProperty("refusedEvents").GetInt64()));
        Assert.Equal(2, r.GetProperty("firstRejections").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_api_key_aborts_at_the_first_answer()
    {
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);
        using var file = TempFile.With(Ndjson(Enumerable.Range(1, 100).Select(n => EventLine(n))), ".ndjson");

        var (exitCode, stdout, stderr) = await RunAsync(
            "import", "--url", server.BaseUrl.AbsoluteUri, "--api-key", "wrong", "--ndjson", file.Path, "--batch", "10", "--concurrency", "1");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Single(Posts(server));
        Assert.Contains("aborted: POST", stderr, StringComparison.Ordinal);
        Assert.Contains("answered 401 Unauthorized (check --api-key): {\"title\":\"Unauthorized\"", stderr, StringComparison.Ordinal);
        Assert.EndsWith(" 0", SummaryRow(stdout, "acknowledged").Split(" events")[0], StringComparison.Ordinal);
        Assert.Contains("ABORTED", stdout, StringComparison.Ordinal);
        Assert.Empty(api.Events);
    }

    [Fact]
    public async Task Waiting_until_applied_reports_the_time_and_the_customers_per_stage()
    {
        var api = new FakeLifecycleApi { Baseline = 100, Stages = """{"prospect":2,"one_time":5,"repeat":1}""" };
        await using var server = new FakeHttpServer(api.Handle);
        using var file = TempFile.With(Ndjson(Enumerable.Range(1, 40).Select(n => EventLine(n))), ".ndjson");

        var (exitCode, stdout, stderr) = await RunAsync(Import(server, "--ndjson", file.Path, "--batch", "10", "--wait-applied"));

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        Assert.Matches(@"^applied +40 of 40 accepted events, \d+\.\d\d s after the last answer$", SummaryRow(stdout, "applied"));
        Assert.EndsWith(" 5 customers", SummaryRow(stdout, "stage one_time"), StringComparison.Ordinal);
        Assert.EndsWith(" 2 customers", SummaryRow(stdout, "stage prospect"), StringComparison.Ordinal);
        // The baseline is read first: a GET before any POST.
        Assert.Equal("GET", server.Requests[0].Method);
    }

    [Fact]
    public async Task Events_never_applied_end_in_exit_code_3_after_the_timeout()
    {
        var api = new FakeLifecycleApi { Applies = false, Baseline = 7 };
        await using var server = new FakeHttpServer(api.Handle);
        using var file = TempFile.With(Ndjson(Enumerable.Range(1, 20).Select(n => EventLine(n))), ".ndjson");

        var (exitCode, stdout, stderr) = await RunAsync(Import(server, "--ndjson", file.Path, "--wait-applied", "--apply-timeout", "0.3", "--json", "-"));

        Assert.Equal(ExitCodes.NotApplied, exitCode);
        var applied = JsonDocument.Parse(stdout).RootElement.GetProperty("applied");
        Assert.False(applied.GetProperty("all").GetBoolean());
        Assert.Equal((7, 27, 7), (applied.GetProperty("baselineEventsApplied").GetInt64(), applied.GetProperty("targetEventsApplied").GetInt64(), applied.GetProperty("eventsApplied").GetInt64()));
        Assert.Contains("0 of 20 accepted events applied within --apply-timeout 0.3 s", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "import" }, "lifecycle import: an input is required: --ndjson FILE or --online-retail FILE")]
    [InlineData(new[] { "import", "--ndjson", "/no/such/file.ndjson", "--api-key", "k" }, "lifecycle import: --ndjson: no such file '/no/such/file.ndjson'")]
    [InlineData(new[] { "import", "--ndjson", "-", "--api-key", "k", "--batch", "1001" }, "lifecycle import: --batch: expected an integer from 1 to 1000, got '1001'")]
    public async Task Bad_usage_exits_2_naming_the_problem(string[] args, string message)
    {
        var (exitCode, stdout, stderr) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Empty(stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'lifecycle import --help' for the options.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "import    replay a history of events")]
    [InlineData(new[] { "import", "--help" }, "lifecycle import (--ndjson FILE | --online-retail FILE) [options]")]
    [InlineData(new[] { "import", "--bogus", "-h" }, "4 done, but events were rejected")]
    public async Task Help_prints_usage_on_stdout(string[] args, string expected)
    {
        var (exitCode, stdout, stderr) = await RunAsync(args);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }
}
