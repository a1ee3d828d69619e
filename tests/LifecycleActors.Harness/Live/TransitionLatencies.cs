namespace LifecycleActors.Harness.Live;

/// <summary>
/// Every <c>transition</c> the agent received and, for those detected after the warm-up, two delays in milliseconds: from <c>detectedAt</c> (the customer applied the event) to arrival, the
/// live push itself; and from <c>at</c> (for an event-driven transition the event's occurredAt, which the sender sets
/// as it builds the request) to arrival, the whole way from the storefront.
/// </summary>
internal sealed class TransitionLatencies
{
    private readonly Lock _lock = new();
    private readonly List<double> _push = [];
    private readonly List<double> _endToEnd = [];
    private long _received;
    private long _measureFromTicks = DateTimeOffset.MaxValue.UtcTicks;

    /// <summary>Transitions detected from here on are measured; none before <see cref="StartWarmUp"/>.</summary>
    public DateTimeOffset MeasureFrom => new(Interlocked.Read(ref _measureFromTicks), TimeSpan.Zero);

    /// <summary>Measures what is detected once <paramref name="warmUp"/> has passed from now.</summary>
    public void StartWarmUp(TimeSpan warmUp) => Interlocked.Exchange(ref _measureFromTicks, (DateTimeOffset.UtcNow + warmUp).UtcTicks);

    public long Received => Interlocked.Read(ref _received);

    public void Record(DateTimeOffset at, DateTimeOffset detectedAt, DateTimeOffset receivedAt)
    {
        Interlocked.Increment(ref _received);
        if (detectedAt >= MeasureFrom)
        {
            lock (_lock)
            {
                _push.Add((receivedAt - detectedAt).TotalMilliseconds);
                _endToEnd.Add((receivedAt - at).TotalMilliseconds);
            }
        }
    }

    /// <summary>The measured detectedAt → arrival delays from the <paramref name="from"/>-th on, sorted.</summary>
    public double[] PushFrom(int from) => SortedFrom(_push, from);

    /// <summary>The measured at → arrival delays from the <paramref name="from"/>-th on, sorted.</summary>
    public double[] EndToEndFrom(int from) => SortedFrom(_endToEnd, from);

    /// <summary>The nearest-rank <paramref name="quantile"/> of <paramref name="sorted"/>; NaN when it is empty.</summary>
    public static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private double[] SortedFrom(List<double> samples, int from)
    {
        double[] copy;
        lock (_lock)
        {
            copy = [.. samples.Skip(from)];
        }

        Array.Sort(copy);
        return copy;
    }
}
