using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Credentials;

namespace LifecycleActors.Cli.Commands;

/// <summary>
/// <c>lifecycle hash-password</c>: reads an agent's password from standard input (never from the arguments, which
/// other users of the machine can see) and prints the hash to configure as <c>Lifecycle:Agents:i:PasswordHash</c>.
/// </summary>
internal static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public const string Summary = "print the hash of an agent password read from stdin, for Lifecycle:Agents configuration";

    public const int MinLength = 10;

    private const string Usage = """
        Usage: lifecycle hash-password < password-file
               printf '%s' "$PASSWORD" | lifecycle hash-password

        Reads one password from standard input (a trailing newline is ignored; at least 10 characters) and prints
        its hash for Lifecycle:Agents:<i>:PasswordHash.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        if (args.Count > 0)
        {
            var help = args[0] is "--help" or "-h";
            await (help ? stdout : stderr).WriteLineAsync(help ? Usage : $"lifecycle {Name}: takes no arguments\n{Usage}");
            return help ? ExitCodes.Ok : ExitCodes.Usage;
        }

        using var reader = new StreamReader(environment.OpenStdin());
        var password = (await reader.ReadLineAsync()) ?? "";
        if (password.Length < MinLength)
        {
            await stderr.WriteLineAsync($"lifecycle {Name}: the password on stdin must have at least {MinLength} characters");
            return ExitCodes.Usage;
        }

        await stdout.WriteLineAsync(PasswordHash.Create(password));
        return ExitCodes.Ok;
    }
}
