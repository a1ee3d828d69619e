using LifecycleActors.Rules.Evaluation;

namespace LifecycleActors.Rules.Tests;

public sealed class EngagementAndConsentTests
{
    [Fact]
    public void Engagement_follows_the_decay_formula()
    {
        var customer = new CustomerDriver().Simple(0, Events.EventType.Visit).Order(14, 10m).Simple(28, Events.EventType.EmailClicked);

        // raw(28) = 1·2^-2 + 5·2^-1 + 2 = 4.75
        var expected = (int)Math.Round(100 * (1 - Math.Exp(-4.75 / 10)), MidpointRounding.AwayFromZero);
        Assert.Equal(expected, customer.View(28).EngagementScore);
        Assert.Equal(38, expected);
        Assert.Equal(Temperature.Warm, customer.View(28).Temperature);
    }

    [Fact]
    public void Engagement_decays_with_time_and_goes_cold()
    {
        var customer = new CustomerDriver();
        for (var i = 0; i < 30; i++)
        {
            customer.Simple(i * 0.1, Events.EventType.CheckoutStarted);
        }

        Assert.Equal(Temperature.Hot, customer.View(3).Temperature);
        Assert.Equal(Temperature.Cold, customer.View(100).Temperature);
    }

    [Fact]
    public void A_late_event_counts_as_if_it_had_arrived_on_time()
    {
        var inOrder = new CustomerDriver().Simple(0, Events.EventType.SocialShare).Simple(10, Events.EventType.Visit);
        var late = new CustomerDriver().Simple(10, Events.EventType.Visit);
        late.Apply(Events.CustomerEvent.Simple("late", "c-1", Events.EventType.SocialShare, CustomerDriver.Day(0)), CustomerDriver.Day(10));

        Assert.Equal(inOrder.View(12).EngagementScore, late.View(12).EngagementScore);
        Assert.True(late.View(12).EngagementScore > 0);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(3.5667, 30)]
    [InlineData(12.04, 70)]
    public void Score_is_rounded_and_temperature_follows_it(double raw, int score)
    {
        Assert.Equal(score, Engagement.Score(raw));
    }

    [Theory]
    [InlineData(29, Temperature.Cold)]
    [InlineData(30, Temperature.Warm)]
    [InlineData(69, Temperature.Warm)]
    [InlineData(70, Temperature.Hot)]
    public void Temperature_thresholds(int score, Temperature temperature)
    {
        Assert.Equal(temperature, Engagement.TemperatureOf(score));
    }

    [Fact]
    public void Unsubscribed_is_kept_and_changes_no_stage()
    {
        var customer = new CustomerDriver().Order(0, 10m).Simple(1, Events.EventType.Unsubscribed).Order(2, 10m);

        Assert.True(customer.View(3).Unsubscribed);
        Assert.False(new CustomerDriver().Order(0, 10m).View(1).Unsubscribed);
    }
}
