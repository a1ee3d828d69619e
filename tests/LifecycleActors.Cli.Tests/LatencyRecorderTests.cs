using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Tests;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Percentiles_of_one_to_a_hundred_are_the_values_at_their_rank()
    {
        var recorder = new LatencyRecorder();
        // Recorded out of order and from several threads, as concurrent senders do.
        Parallel.ForEach(Enumerable.Range(1, 100).Reverse(), ms => recorder.Record(TimeSpan.FromMilliseconds(ms)));

        var summary = recorder.Summarize();

        Assert.Equal(new LatencySummary(100, 50, 90, 99, 100), summary);
    }

    [Fact]
    public void Nearest_rank_picks_a_measured_value_without_interpolating()
    {
        double[] sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000];

        Assert.Equal(50, LatencyRecorder.Percentile(sorted, 50));
        Assert.Equal(60, LatencyRecorder.Percentile(sorted, 51));
        Assert.Equal(90, LatencyRecorder.Percentile(sorted, 90));
        Assert.Equal(1000, LatencyRecorder.Percentile(sorted, 90.1));
        Assert.Equal(1000, LatencyRecorder.Percentile(sorted, 99));
        Assert.Equal(10, LatencyRecorder.Percentile(sorted, 0.001));
    }

    [Fact]
    public void A_single_value_is_every_percentile()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(TimeSpan.FromMilliseconds(7.5));

        Assert.Equal(new LatencySummary(1, 7.5, 7.5, 7.5, 7.5), recorder.Summarize());
    }

    [Fact]
    public void Nothing_recorded_summarizes_to_zeros() =>
        Assert.Equal(new LatencySummary(0, 0, 0, 0, 0), new LatencyRecorder().Summarize());

    [Fact]
    public void Percent_outside_zero_to_a_hundred_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyRecorder.Percentile([1.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyRecorder.Percentile([1.0], 100.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyRecorder.Percentile([], 50));
    }
}
