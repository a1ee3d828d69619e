namespace LifecycleActors.Rules;

/// <summary>The lifecycle stage of a customer (contract §3); exactly one holds at any time.</summary>
public enum Stage
{
    Prospect,
    OneTime,
    Repeat,
    AtRisk,
    Lapsed,
    Churned,
}

/// <summary>Wire names of <see cref="Stage"/> as used in the API, transitions and the dashboard.</summary>
public static class Stages
{
    public static readonly IReadOnlyList<Stage> All = Enum.GetValues<Stage>();

    public static string ToWireName(this Stage stage) => stage switch
    {
        Stage.Prospect => "prospect",
        Stage.OneTime => "one_time",
        Stage.Repeat => "repeat",
        Stage.AtRisk => "at_risk",
        Stage.Lapsed => "lapsed",
        Stage.Churned => "churned",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown stage"),
    };

    public static bool TryParse(string wireName, out Stage stage)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWireName(), wireName, StringComparison.Ordinal))
            {
                stage = candidate;
                return true;
            }
        }

        stage = default;
        return false;
    }

    /// <summary>Lapsed and churned customers who buy again are reactivated.</summary>
    public static bool IsDormant(this Stage stage) => stage is Stage.Lapsed or Stage.Churned;
}
