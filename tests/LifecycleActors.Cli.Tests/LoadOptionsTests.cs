using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Load;

namespace LifecycleActors.Cli.Tests;

public sealed class LoadOptionsTests
{
    private static readonly string[] Required = ["--url", "http://localhost:5000", "--api-key", "KEY"];

    [Fact]
    public void Defaults_apply_when_only_the_required_options_are_given()
    {
        var options = LoadOptions.Parse(Required);

        Assert.Equal(new Uri("http://localhost:5000/"), options.Url);
        Assert.Equal("KEY", options.ApiKey);
        Assert.Equal(200_000, options.Events);
        Assert.Equal(100_000, options.Customers);
        Assert.Equal(500, options.Batch);
        Assert.Equal(8, options.Concurrency);
        Assert.Equal(0, options.Rate);
        Assert.Equal(1, options.Seed);
        Assert.Equal(10, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(120), options.ApplyTimeout);
        Assert.False(options.Json);
        Assert.Equal(new Uri("http://localhost:5000/api/v1/events"), options.EventsUrl);
        Assert.Equal(new Uri("http://localhost:5000/api/v1/stats"), options.StatsUrl);
    }

    [Fact]
    public void Every_option_is_read_in_both_spellings()
    {
        var options = LoadOptions.Parse(
        [
            "--url=https://shop.example/lifecycle", "--api-key", "k=v", "--events", "1000", "--customers=50", "--batch", "1000",
            "--concurrency", "3", "--rate", "2500.5", "--seed", "-7", "--max-retries=0", "--apply-timeout", "0.5", "--json",
        ]);

        Assert.Equal(new Uri("https://shop.example/lifecycle/api/v1/events"), options.EventsUrl);
        Assert.Equal("k=v", options.ApiKey);
        Assert.Equal((1000, 50, 1000, 3, 2500.5, -7, 0), (options.Events, options.Customers, options.Batch, options.Concurrency, options.Rate, options.Seed, options.MaxRetries));
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ApplyTimeout);
        Assert.True(options.Json);
    }

    [Theory]
    [InlineData("--events", "0", "--events: expected an integer >= 1, got '0'")]
    [InlineData("--events", "many", "--events: expected an integer >= 1, got 'many'")]
    [InlineData("--customers", "1", "--customers: expected an integer from 2 to 10000000, got '1'")]
    [InlineData("--batch", "1001", "--batch: expected an integer from 1 to 1000, got '1001'")]
    [InlineData("--batch", "2.5", "--batch: expected an integer from 1 to 1000, got '2.5'")]
    [InlineData("--concurrency", "0", "--concurrency: expected an integer from 1 to 1024, got '0'")]
    [InlineData("--rate", "-1", "--rate: expected a number >= 0, got '-1'")]
    [InlineData("--rate", "NaN", "--rate: expected a number >= 0, got 'NaN'")]
    [InlineData("--seed", "99999999999", "--seed: expected an integer from -2147483648 to 2147483647, got '99999999999'")]
    [InlineData("--max-retries", "101", "--max-retries: expected an integer from 0 to 100, got '101'")]
    [InlineData("--apply-timeout", "0", "--apply-timeout: expected a number > 0 and <= 86400, got '0'")]
    [InlineData("--apply-timeout", "1e9", "--apply-timeout: expected a number > 0 and <= 86400, got '1e9'")]
    public void A_bad_value_names_the_option_and_the_expected_range(string option, string value, string message)
    {
        var error = Assert.Throws<UsageException>(() => LoadOptions.Parse([.. Required, option, value]));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("localhost:5000", "--url: expected an absolute http:// or https:// URL, got 'localhost:5000'")]
    [InlineData("ftp://host/", "--url: expected an absolute http:// or https:// URL, got 'ftp://host/'")]
    [InlineData("http://host/?a=1", "--url: expected a base URL without query or fragment, got 'http://host/?a=1'")]
    public void A_bad_url_is_named(string url, string message)
    {
        var error = Assert.Throws<UsageException>(() => LoadOptions.Parse(["--url", url, "--api-key", "k"]));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(new[] { "--api-key", "k" }, "--url is required")]
    [InlineData(new[] { "--url", "http://h" }, "--api-key is required")]
    [InlineData(new[] { "--url", "http://h", "--api-key=" }, "--api-key: must not be empty")]
    [InlineData(new[] { "--url", "http://h", "--api-key" }, "--api-key: missing value")]
    [InlineData(new[] { "--url", "http://h", "--api-key", "--json" }, "--api-key: missing value")]
    [InlineData(new[] { "--url", "http://h", "--api-key", "k", "--evnets", "5" }, "unknown option '--evnets'")]
    [InlineData(new[] { "--url", "http://h", "--api-key", "k", "-v" }, "unexpected argument '-v' (options start with --)")]
    [InlineData(new[] { "--url", "http://h", "--api-key", "k", "extra" }, "unexpected argument 'extra' (options start with --)")]
    [InlineData(new[] { "--url", "http://h", "--api-key", "k", "--batch", "5", "--batch", "6" }, "--batch: given more than once")]
    [InlineData(new[] { "--url", "http://h", "--api-key", "k", "--json", "--json" }, "--json: given more than once")]
    [InlineData(new[] { "--url", "http://h", "--api-key", "k", "--json=yes" }, "--json: takes no value, got 'yes'")]
    public void A_malformed_command_line_is_named(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => LoadOptions.Parse(args));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "--url", "x", "-h" }, true)]
    [InlineData(new[] { "--url", "x" }, false)]
    public void Help_is_recognised_anywhere(string[] args, bool wanted) => Assert.Equal(wanted, LoadOptions.WantsHelp(args));
}
