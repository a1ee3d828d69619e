using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

public sealed class SpecialFunctionsTests
{
    [Fact]
    public void Log_gamma_of_integers_is_the_log_factorial()
    {
        double logFactorial = 0;
        for (var n = 1; n <= 170; n++)
        {
            Assert.True(Math.Abs(SpecialFunctions.LogGamma(n) - logFactorial) <= 1e-13 * Math.Max(1, logFactorial), $"ln Γ({n})");
            logFactorial += Math.Log(n);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(2.5)]
    public void Log_gamma_of_half_integers_follows_from_the_square_root_of_pi(double x)
    {
        // Γ(1/2) = √π and Γ(x + 1) = x Γ(x).
        var expected = 0.5 * Math.Log(Math.PI);
        for (var y = 0.5; y < x; y++)
        {
            expected += Math.Log(y);
        }

        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-14);
    }

    [Theory]
    [InlineData(1e-10)]
    [InlineData(0.003)]
    [InlineData(0.243)]
    [InlineData(0.793)]
    [InlineData(7.7)]
    [InlineData(1234.567)]
    public void Log_gamma_satisfies_the_recurrence(double x) =>
        Assert.Equal(Math.Log(x), SpecialFunctions.LogGamma(x + 1) - SpecialFunctions.LogGamma(x), 1e-13 * Math.Max(1, Math.Abs(SpecialFunctions.LogGamma(x))));

    [Theory]
    [InlineData(50.5)]
    [InlineData(1000)]
    [InlineData(1e7)]
    public void Log_gamma_of_large_arguments_matches_stirling(double x)
    {
        var stirling = ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI))
            + (1 / (12 * x)) - (1 / (360 * x * x * x)) + (1 / (1260 * Math.Pow(x, 5)));

        Assert.True(Math.Abs(SpecialFunctions.LogGamma(x) - stirling) <= 1e-14 * stirling, $"ln Γ({x})");
    }

    [Fact]
    public void Log_one_plus_is_accurate_for_tiny_arguments()
    {
        Assert.Equal(1e-20, SpecialFunctions.LogOnePlus(1e-20));
        Assert.Equal(1e-10 - 5e-21, SpecialFunctions.LogOnePlus(1e-10), 1e-25);
        Assert.Equal(Math.Log(3), SpecialFunctions.LogOnePlus(2), 1e-15);
        Assert.Equal(1000, SpecialFunctions.LogOnePlusExp(1000), 1e-12);
        Assert.Equal(Math.Exp(-800), SpecialFunctions.LogOnePlusExp(-800));
    }
}
