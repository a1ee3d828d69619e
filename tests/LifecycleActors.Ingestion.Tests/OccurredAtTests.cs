namespace LifecycleActors.Ingestion.Tests;

public sealed class OccurredAtTests
{
    private static readonly DateTimeOffset WallClock = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-23T10:00:00Z")]
    [InlineData("2026-11-23T10:00:00.123Z")]
    [InlineData("2026-11-23T10:00:00.1234567Z")]
    [InlineData("2026-11-23T11:00:00+01:00")]
    [InlineData("2026-11-23T05:00:00-05:00")]
    [InlineData("2026-11-23T10:00Z")]
    public void Iso_8601_times_with_an_offset_are_accepted(string occurredAt)
    {
        var parsed = Batches.Accepted(Batches.At(occurredAt), WallClock);

        var sinceTen = parsed.OccurredAt - new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        Assert.InRange(sinceTen, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_given_offset_is_kept_and_the_rules_get_utc()
    {
        var parsed = Batches.Accepted(Batches.At("2026-11-23T11:30:00+01:30"), WallClock);

        Assert.Equal(TimeSpan.FromMinutes(90), parsed.OccurredAt.Offset);
        var customerEvent = parsed.ToCustomerEvent();
        Assert.Equal(TimeSpan.Zero, customerEvent.OccurredAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), customerEvent.OccurredAt);
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00")]
    [InlineData("2026-11-23T10:00:00.000")]
    [InlineData("2026-11-23")]
    [InlineData("2026-11-23T10:00:00+01")]
    [InlineData("2026-11-23T10:00:00+0100")]
    [InlineData("2026-11-23T10:00:00z")]
    [InlineData("2026-11-23 10:00:00Z")]
    [InlineData("23/11/2026 10:00:00Z")]
    [InlineData("2026-13-01T10:00:00Z")]
    [InlineData("2026-11-23T10:00:00+15:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Times_without_an_offset_or_not_in_iso_8601_are_rejected(string occurredAt)
    {
        Assert.Equal("occurredAt: must be ISO-8601 with an offset", Batches.Rejected(Batches.At(occurredAt), WallClock));
    }

    [Theory]
    [InlineData("1795430400")]
    [InlineData("1795430400000")]
    [InlineData("{}")]
    public void A_time_that_is_not_a_string_is_rejected(string occurredAt)
    {
        var json = $$"""{ "id": "e-1", "customerId": "c-1", "type": "visit", "occurredAt": {{occurredAt}} }""";

        Assert.Equal("occurredAt: must be ISO-8601 with an offset", Batches.Rejected(json, WallClock));
    }

    [Fact]
    public void A_missing_time_is_rejected()
    {
        var error = Batches.Rejected("""{ "id": "e-1", "customerId": "c-1", "type": "visit" }""", WallClock);

        Assert.Equal("occurredAt: required, ISO-8601 with an offset", error);
    }

    [Theory]
    [InlineData("2026-11-23T12:05:00Z")]
    [InlineData("2026-11-23T13:05:00+01:00")]
    public void Exactly_five_minutes_ahead_of_the_wall_clock_is_accepted(string occurredAt)
    {
        Batches.Accepted(Batches.At(occurredAt), WallClock);
    }

    [Theory]
    [InlineData("2026-11-23T12:05:00.001Z")]
    [InlineData("2026-11-23T13:05:01+01:00")]
    [InlineData("2027-01-01T00:00:00Z")]
    public void More_than_five_minutes_ahead_of_the_wall_clock_is_rejected(string occurredAt)
    {
        Assert.Equal("occurredAt: more than 5 minutes ahead of the service clock", Batches.Rejected(Batches.At(occurredAt), WallClock));
    }

    [Fact]
    public void The_future_limit_follows_the_wall_clock_passed_in()
    {
        var later = WallClock.AddDays(400);

        Batches.Accepted(Batches.At("2027-12-01T00:00:00Z"), later);
    }

    [Theory]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2000-01-01T00:30:00+01:00")]
    [InlineData("1970-01-01T00:00:00Z")]
    public void Times_before_2000_are_rejected(string occurredAt)
    {
        Assert.Equal("occurredAt: before 2000-01-01", Batches.Rejected(Batches.At(occurredAt), WallClock));
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("1999-12-31T19:00:00-05:00")]
    public void The_first_instant_of_2000_is_accepted(string occurredAt)
    {
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), Batches.Accepted(Batches.At(occurredAt), WallClock).OccurredAt);
    }
}
