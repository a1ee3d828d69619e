using LifecycleActors.Campaigns;

namespace LifecycleActors.Campaigns.Tests;

public sealed class QuietHoursWindowTests
{
    private static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(8, 0));
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-06-10T10:00:00Z")] // 12:00 CEST
    [InlineData("2026-06-10T18:59:00Z")] // 20:59 CEST
    [InlineData("2026-06-11T06:00:00Z")] // 08:00 CEST: the quiet hours are over
    public void Outside_the_quiet_hours_a_send_goes_at_once(string at)
    {
        Assert.Equal(Parse(at), QuietHoursWindow.NextAllowed(Parse(at), Night, Berlin));
    }

    [Theory]
    [InlineData("2026-06-10T19:30:00Z", "2026-06-11T06:00:00Z")] // 21:30 CEST → 08:00 CEST next morning
    [InlineData("2026-06-11T03:00:00Z", "2026-06-11T06:00:00Z")] // 05:00 CEST → 08:00 the same morning
    [InlineData("2026-01-10T22:00:00Z", "2026-01-11T07:00:00Z")] // 23:00 CET → 08:00 CET
    [InlineData("2026-03-28T21:00:00Z", "2026-03-29T06:00:00Z")] // the night the clocks go forward: 08:00 CEST
    public void Inside_the_quiet_hours_a_send_waits_for_their_end_in_the_tenants_time_zone(string at, string expected)
    {
        var next = QuietHoursWindow.NextAllowed(Parse(at), Night, Berlin);

        Assert.Equal(Parse(expected), next);
    }

    [Fact]
    public void Quiet_hours_that_do_not_wrap_midnight()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 0));

        Assert.Equal(Parse("2026-06-10T13:00:00Z"), QuietHoursWindow.NextAllowed(Parse("2026-06-10T12:15:00Z"), lunch, TimeZoneInfo.Utc));
        Assert.Equal(Parse("2026-06-10T13:00:00Z"), QuietHoursWindow.NextAllowed(Parse("2026-06-10T13:00:00Z"), lunch, TimeZoneInfo.Utc));
        Assert.Equal(Parse("2026-06-10T11:59:00Z"), QuietHoursWindow.NextAllowed(Parse("2026-06-10T11:59:00Z"), lunch, TimeZoneInfo.Utc));
    }

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
