using System.Diagnostics;
using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

/// <summary>
/// A measurement, not a check: run it on purpose with
/// <c>dotnet test --project tests/LifecycleActors.Rules.Tests/LifecycleActors.Rules.Tests.csproj -c Release --explicit only --output Detailed</c>
/// (about 2 s for the fit, cold, on a 2-core machine, when it was written).
/// </summary>
public sealed class BgNbdFitMeasurement
{
    private const int Customers = 1_000_000;

    [Fact(Explicit = true)]
    public void Fit_a_million_day_granularity_customers_drawn_from_the_published_model()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var drawing = Stopwatch.StartNew();
        var customers = new BgNbdSimulation(Published.BgNbd, seed: 1_000_000).Draw(Customers, dayGranularity: true);
        output.WriteLine($"drew {Customers:N0} customers in {drawing.Elapsed.TotalSeconds:F2} s");

        var fitting = Stopwatch.StartNew();
        var fit = BgNbd.Fit(customers);
        fitting.Stop();

        output.WriteLine($"Fit took {fitting.Elapsed.TotalSeconds:F2} s on {Environment.ProcessorCount} cores: {fit}");
        output.WriteLine($"drawn from {Published.BgNbd}");

        // Day truncation merges same-day purchases, so the fit need not match the generating parameters closely.
        Published.Near(Published.BgNbd, fit.Parameters, 0.25);
    }
}
