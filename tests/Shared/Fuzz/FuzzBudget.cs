using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace LifecycleActors.Tests.Fuzz;

/// <summary>
/// Runs a property over generated inputs with a deterministic seed: a short budget in every <c>dotnet test</c>, a long
/// one when <c>LIFECYCLE_FUZZ_ITERATIONS</c> is set (and another seed with <c>LIFECYCLE_FUZZ_SEED</c>).
/// </summary>
public static class FuzzBudget
{
    public const string IterationsVariable = "LIFECYCLE_FUZZ_ITERATIONS";
    public const string SeedVariable = "LIFECYCLE_FUZZ_SEED";

    private const ulong DefaultSeed = 20261204;

    /// <summary>Checks <paramref name="property"/> on <paramref name="shortIterations"/> inputs (or the long budget).</summary>
    /// <remarks>Iteration i uses seed + i, so a failure names the seed that reproduces it alone.</remarks>
    public static void Check<T>(string name, Gen<T> gen, Action<T> property, long shortIterations, Func<T, string>? print = null) =>
        // The property is synchronous, so the task has completed when CheckAsync returns it.
        CheckAsync(name, gen, value =>
        {
            property(value);
            return Task.CompletedTask;
        }, shortIterations, print).GetAwaiter().GetResult();

    /// <summary>As <see cref="Check{T}"/>, for a property that awaits (a request to a running service).</summary>
    /// <remarks>Iteration i uses seed + i, so a failure names the seed that reproduces it alone.</remarks>
    public static async Task CheckAsync<T>(string name, Gen<T> gen, Func<T, Task> property, long shortIterations, Func<T, string>? print = null)
    {
        var iterations = Long(IterationsVariable) ?? shortIterations;
        var seed = Long(SeedVariable) is { } s ? (ulong)s : DefaultSeed;
        var clock = Stopwatch.StartNew();
        for (var i = 0L; i < iterations; i++)
        {
            var value = gen.Generate(new PCG(1, seed + (ulong)i), null, out _);
            try
            {
                await property(value);
            }
            catch (Exception e)
            {
                var shown = print is null ? CsCheck.Check.Print(value) : print(value);
                throw new InvalidOperationException(
                    $"{name}: property failed at iteration {i} ({SeedVariable}={seed + (ulong)i}, {IterationsVariable}=1): {e.Message}\ninput: {Shorten(shown)}", e);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"fuzz {name}: {iterations:N0} iterations in {clock.Elapsed.TotalSeconds:F1} s (seed {seed})");
    }

    private static long? Long(string variable) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Shorten(string text) => text.Length <= 2000 ? text : string.Concat(text.AsSpan(0, 2000), $"… ({text.Length:N0} characters)");
}
