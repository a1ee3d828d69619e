using System.Text;
using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Credentials;

namespace LifecycleActors.Cli.Tests;

public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task Prints_a_hash_that_verifies_the_password_from_stdin_and_only_that_one()
    {
        var (code, stdout, _) = await RunAsync("correct horse battery\n");

        Assert.Equal(ExitCodes.Ok, code);
        var hash = stdout.Trim();
        Assert.True(PasswordHash.IsWellFormed(hash));
        Assert.True(PasswordHash.Verify("correct horse battery", hash));
        Assert.False(PasswordHash.Verify("correct horse battery\n", hash));
        Assert.DoesNotContain("correct", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short\n")]
    [InlineData("")]
    public async Task Refuses_a_password_shorter_than_ten_characters(string input)
    {
        var (code, stdout, stderr) = await RunAsync(input);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(stdout);
        Assert.Contains("at least 10 characters", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_password_given_as_an_argument()
    {
        var (code, stdout, stderr) = await RunAsync("a-long-enough-password\n", "a-long-enough-password");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(stdout);
        Assert.Contains("takes no arguments", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(_ => null, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)), StderrIsTerminal: false);
        var code = await Program.RunAsync(["hash-password", .. args], stdout, stderr, TestContext.Current.CancellationToken, environment);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
