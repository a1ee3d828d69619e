using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

public sealed class HypergeometricTests
{
    public static readonly TheoryData<double> Arguments = [0.0, 1e-6, 0.1, 0.5, 0.7, 0.9, 0.99, 0.999, 0.99999];

    [Theory]
    [MemberData(nameof(Arguments))]
    public void One_one_two_is_minus_log_one_minus_z_over_z(double z)
    {
        var expected = z == 0 ? 1 : -SpecialFunctions.LogOnePlus(-z) / z;

        AssertClose(expected, Hypergeometric.Hyp2F1(1, 1, 2, z), 1e-13);
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void C_equal_to_b_is_a_power_of_one_minus_z(double z)
    {
        foreach (var (a, b) in new[] { (0.7, 2.3), (2.243, 4.426), (12.5, 0.25) })
        {
            AssertClose(Math.Pow(1 - z, -a), Hypergeometric.Hyp2F1(a, b, b, z), 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void A_function_vanishing_at_one_is_accurate_on_the_scale_of_its_start(double z) =>
        // ₂F₁(−3/2, 3; 3; z) = (1 − z)^(3/2) → 0: its relative accuracy near z = 1 is limited by cancellation, the
        // absolute accuracy (it starts at 1) is not.
        Assert.Equal(Math.Pow(1 - z, 1.5), Hypergeometric.Hyp2F1(-1.5, 3, 3, z), 1e-15);

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Half_half_three_halves_is_arcsine(double z)
    {
        var root = Math.Sqrt(z);
        var expected = z == 0 ? 1 : Math.Asin(root) / root;

        AssertClose(expected, Hypergeometric.Hyp2F1(0.5, 0.5, 1.5, z), 1e-13);
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void A_one_minus_a_three_halves_is_a_ratio_of_sines(double z)
    {
        // ₂F₁(a, 1 − a; 3/2; sin²θ) = sin((2a − 1)θ) / ((2a − 1) sin θ); here c − a − b = 1/2 is not an integer.
        const double A = 0.3;
        var theta = Math.Asin(Math.Sqrt(z));
        var expected = z == 0 ? 1 : Math.Sin(((2 * A) - 1) * theta) / (((2 * A) - 1) * Math.Sin(theta));

        AssertClose(expected, Hypergeometric.Hyp2F1(A, 1 - A, 1.5, z), 1e-13);
    }

    [Fact]
    public void A_negative_integer_gives_a_polynomial()
    {
        const double B = 2.5, C = 3.25, Z = 0.95;
        var expected = 1 - (2 * B * Z / C) + (B * (B + 1) * Z * Z / (C * (C + 1)));

        AssertClose(expected, Hypergeometric.Hyp2F1(-2, B, C, Z), 1e-13);
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Agrees_with_the_plain_series_summed_to_convergence(double z)
    {
        // The BG/NBD parameters of the published CDNOW example (r + x, b + x; a + b + x − 1) and a second set.
        foreach (var (a, b, c) in new[] { (2.243, 4.426, 4.219), (0.243, 2.426, 2.219), (7.1, 0.35, 9.9) })
        {
            AssertClose(PlainSeries(a, b, c, z), Hypergeometric.Hyp2F1(a, b, c, z), 1e-12);
        }
    }

    [Theory]
    [InlineData(0.999)]
    [InlineData(1 - 1e-10)]
    public void Large_parameters_near_one_stay_accurate(double z)
    {
        // b = c = 5000: the equation's coefficients are large and nearly cancel, the function is still (1 − z)^−a.
        var (mantissa, logScale) = Hypergeometric.Scaled(2.3, 5000, 5000, z, 1 - z);

        Assert.Equal(-2.3 * Math.Log(1 - z), logScale + Math.Log(mantissa), 1e-10);
    }

    [Fact]
    public void Parameters_too_large_to_evaluate_are_rejected_rather_than_worked_on_forever() =>
        Assert.Throws<ArgumentException>(() => Hypergeometric.Hyp2F1(1e8, 1e8, 1.5, 0.9));

    [Fact]
    public void Huge_values_keep_their_logarithm_when_scaled()
    {
        // (1 − z)^−800 at z = 0.99 is e^3684, far beyond double; the scaled form keeps its logarithm.
        var (mantissa, logScale) = Hypergeometric.Scaled(800, 3.5, 3.5, 0.99, 0.01);

        AssertClose(-800 * Math.Log(0.01), logScale + Math.Log(mantissa), 1e-12);
        Assert.Equal(double.PositiveInfinity, Hypergeometric.Hyp2F1(800, 3.5, 3.5, 0.99));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Z_outside_zero_to_one_is_rejected(double z) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Hyp2F1(1, 1, 2, z));

    [Fact]
    public void C_zero_or_a_negative_integer_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Hypergeometric.Hyp2F1(1, 1, -2, 0.5));

        Assert.Equal("c", error.ParamName);
    }

    private static double PlainSeries(double a, double b, double c, double z)
    {
        double term = 1, sum = 1, compensation = 0;
        for (var n = 0; n < 1_000_000 && (n < 10 || Math.Abs(term) > 1e-18 * Math.Abs(sum)); n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            var y = term - compensation;
            var t = sum + y;
            compensation = t - sum - y;
            sum = t;
        }

        return sum;
    }

    private static void AssertClose(double expected, double actual, double relative) =>
        Assert.True(
            Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2})");
}
