namespace LifecycleActors.Cli.Tests.Support;

/// <summary>
/// A cancellation token for the test that ends at a deadline, so that a hung request fails the test with a
/// cancellation instead of hanging the run. Nothing waits for the deadline: awaits end as soon as their work does.
/// </summary>
internal static class Deadline
{
    public static CancellationTokenSource In(TimeSpan timeout)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(timeout);
        return source;
    }

    public static CancellationTokenSource Default() => In(TimeSpan.FromSeconds(30));
}
