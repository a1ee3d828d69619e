namespace LifecycleActors.Silo.Hosting.Demo;

/// <summary><c>Lifecycle:Demo</c>: the size and speed of the generated shop.</summary>
public sealed class DemoOptions
{
    /// <summary>How many customers the demo shop gets.</summary>
    public int Customers { get; set; } = 400;

    /// <summary>Simulated days per real second, until the simulation reaches the present.</summary>
    public double DaysPerSecond { get; set; } = 1;

    /// <summary>How far back the simulation starts on a fresh demo database.</summary>
    public int HistoryDays { get; set; } = 1095;

    /// <summary>The first problem as a "Key: reason" text, or null when the options are valid.</summary>
    public string? Validate() =>
        Customers is < 10 or > 100_000 ? "Customers: must be 10..100000"
        : DaysPerSecond is <= 0 or > 100 ? "DaysPerSecond: must be greater than 0 and at most 100"
        : HistoryDays is < 1 or > 3650 ? "HistoryDays: must be 1..3650"
        : null;
}
