using System.Text.RegularExpressions;

namespace LifecycleActors.Silo.Connectors;

/// <summary>What a connector's id and secret must be, for configuration and the admin API alike.</summary>
public static partial class ConnectorRules
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 512;

    /// <summary>Null when the id is valid, else why not.</summary>
    public static string? IdProblem(string? id) =>
        id is not null && IdPattern().IsMatch(id) ? null : "must be 1..64 of a-z, 0-9, '_' or '-'";

    /// <summary>Null when the secret is acceptable, else why not (the secret itself never appears in the message).</summary>
    public static string? SecretProblem(string? secret) => secret switch
    {
        null or "" => "is required",
        { Length: < MinSecretLength } => $"must be at least {MinSecretLength} characters",
        { Length: > MaxSecretLength } => $"must be at most {MaxSecretLength} characters",
        _ when secret.Any(char.IsControl) || secret.Trim().Length != secret.Length => "must not contain control characters or start or end with spaces",
        _ => null,
    };

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
