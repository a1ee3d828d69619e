using LifecycleActors.Rules.Population;

namespace LifecycleActors.Rules.Tests;

public sealed class PopulationFactsTests
{
    private static readonly RuleOptions Options = new();

    [Fact]
    public void Vip_threshold_is_the_95th_percentile_of_positive_spend()
    {
        var spends = Enumerable.Range(1, 101).Select(i => (decimal)i).Concat([0m, 0m]);

        Assert.Equal(96m, PopulationFacts.VipThreshold(spends, Options));
    }

    [Fact]
    public void Too_few_spenders_mean_no_vip_unless_a_minimum_spend_is_set()
    {
        var spends = Enumerable.Range(1, 49).Select(i => (decimal)i).ToArray();

        Assert.Null(PopulationFacts.VipThreshold(spends, Options));
        Assert.Equal(500m, PopulationFacts.VipThreshold(spends, Options with { VipMinSpend = 500m }));
        Assert.Equal(500m, PopulationFacts.VipThreshold(spends.Append(50m), Options with { VipMinSpend = 500m }));
    }

    [Fact]
    public void Population_gap_is_the_median_once_thirty_customers_have_a_gap()
    {
        Assert.Null(PopulationFacts.PopulationGap(Enumerable.Repeat(10.0, 29), Options));
        Assert.Equal(15.5, PopulationFacts.PopulationGap(Enumerable.Range(1, 30).Select(i => (double)i), Options));
        Assert.Equal(16, PopulationFacts.PopulationGap(Enumerable.Range(1, 31).Select(i => (double)i), Options));
    }
}
