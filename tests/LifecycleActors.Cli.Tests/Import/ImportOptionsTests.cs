using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Import;

namespace LifecycleActors.Cli.Tests.Import;

public sealed class ImportOptionsTests
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    private static ImportOptions Parse(params string[] args) => ImportOptions.Parse(args, NoVariables);

    [Fact]
    public void Defaults_apply_when_only_an_input_and_a_key_are_given()
    {
        var options = Parse("--ndjson", "events.ndjson", "--api-key", "KEY");

        Assert.Equal((ImportFormat.Ndjson, "events.ndjson"), (options.Format, options.Path));
        Assert.Equal(new Uri("http://localhost:5000/api/v1/events"), options.EventsUrl);
        Assert.Equal(new Uri("http://localhost:5000/api/v1/stats"), options.StatsUrl);
        Assert.Equal("KEY", options.ApiKey);
        Assert.Equal((500, 4, 10), (options.Batch, options.Concurrency, options.MaxRetries));
        Assert.False(options.WaitApplied);
        Assert.Equal(TimeSpan.FromSeconds(300), options.ApplyTimeout);
        Assert.Null(options.JsonPath);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = Parse(
            "--online-retail=retail.csv.gz", "--url", "https://shop.example/lifecycle", "--api-key", "k", "--batch", "1000",
            "--concurrency", "1", "--max-retries=0", "--wait-applied", "--apply-timeout", "2.5", "--json", "report.json");

        Assert.Equal((ImportFormat.OnlineRetail, "retail.csv.gz"), (options.Format, options.Path));
        Assert.Equal(new Uri("https://shop.example/lifecycle/api/v1/events"), options.EventsUrl);
        Assert.Equal((1000, 1, 0), (options.Batch, options.Concurrency, options.MaxRetries));
        Assert.True(options.WaitApplied);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.ApplyTimeout);
        Assert.Equal("report.json", options.JsonPath);
    }

    [Fact]
    public void The_api_key_comes_from_the_environment_unless_given()
    {
        Func<string, string?> environment = name => name == "LIFECYCLE_API_KEY" ? "from-env" : null;

        Assert.Equal("from-env", ImportOptions.Parse(["--ndjson", "-"], environment).ApiKey);
        Assert.Equal("given", ImportOptions.Parse(["--ndjson", "-", "--api-key", "given"], environment).ApiKey);
    }

    [Theory]
    [InlineData(new[] { "--api-key", "k" }, "an input is required: --ndjson FILE or --online-retail FILE")]
    [InlineData(new[] { "--ndjson", "a", "--online-retail", "b", "--api-key", "k" }, "--ndjson and --online-retail: give only one input")]
    [InlineData(new[] { "--online-retail", "-", "--api-key", "k" }, "--online-retail: reading stdin is not supported; give a file")]
    [InlineData(new[] { "--ndjson", "a" }, "--api-key is required (or set LIFECYCLE_API_KEY)")]
    [InlineData(new[] { "--ndjson", "a", "--api-key=" }, "--api-key: must not be empty")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--batch", "0" }, "--batch: expected an integer from 1 to 1000, got '0'")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--batch", "1001" }, "--batch: expected an integer from 1 to 1000, got '1001'")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--concurrency", "0" }, "--concurrency: expected an integer from 1 to 1024, got '0'")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--max-retries", "-1" }, "--max-retries: expected an integer from 0 to 100, got '-1'")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--apply-timeout", "5" }, "--apply-timeout: only with --wait-applied")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--wait-applied", "--apply-timeout", "0" }, "--apply-timeout: expected a number > 0 and <= 86400, got '0'")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--url", "localhost:5000" }, "--url: expected an absolute http:// or https:// URL, got 'localhost:5000'")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--json" }, "--json: missing value")]
    [InlineData(new[] { "--ndjson", "a", "--api-key", "k", "--events", "5" }, "unknown option '--events'")]
    public void A_bad_command_line_is_named(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));

        Assert.Equal(message, error.Message);
    }
}
