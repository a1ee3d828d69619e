using LifecycleActors.Grains.Time;

namespace LifecycleActors.Grains.Tests;

public sealed class EventTimeClockTests
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_tenant_starts_from_its_stored_watermark_and_only_moves_forward()
    {
        var clock = new EventTimeClock(new Dictionary<string, DateTimeOffset> { ["a"] = Day });

        clock.Observe("a", Day.AddDays(-3));
        clock.Observe("b", Day.AddDays(2));

        Assert.Equal(Day, clock.Now("a"));
        Assert.Equal(Day.AddDays(2), clock.Now("b"));
        Assert.Equal(EventTimeClock.Origin, clock.Now("never-seen"));
    }

    [Fact]
    public void An_append_in_flight_holds_the_tenant_just_before_its_earliest_event()
    {
        var clock = new EventTimeClock(new Dictionary<string, DateTimeOffset> { ["a"] = Day });
        var early = clock.Hold("a", Day.AddHours(-1));
        var later = clock.Hold("a", Day.AddHours(5));

        // A later request committed first: its events move the watermark, the earlier one still holds it back.
        clock.Observe("a", Day.AddHours(6));
        later.Dispose();
        Assert.Equal(Day.AddHours(-1).AddTicks(-1), clock.Now("a"));

        early.Dispose();
        early.Dispose();
        Assert.Equal(Day.AddHours(6), clock.Now("a"));
    }

    [Fact]
    public void The_system_clock_is_the_same_for_every_tenant_and_ignores_events()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Day);
        var clock = new SystemTenantClock(time);

        clock.Observe("a", Day.AddDays(10));
        using (clock.Hold("a", Day.AddDays(-10)))
        {
            Assert.Equal(Day, clock.Now("a"));
        }

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Day.AddMinutes(1), clock.Now("b"));
        Assert.False(clock.IsEventTime);
    }
}
