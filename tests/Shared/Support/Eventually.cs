using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Tests.Support;

/// <summary>Waits for a condition with a deadline instead of sleeping and hoping.</summary>
internal static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T value;
        while (true)
        {
            value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met in time: {what ?? "probe"}; last value: {value}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Moves a fake clock on by <paramref name="step"/> (after <paramref name="beforeStep"/>, if given) until
    /// <paramref name="done"/> holds: for timers driven by a <see cref="FakeTimeProvider"/> in a background loop.
    /// </summary>
    public static async Task Advancing(FakeTimeProvider time, TimeSpan step, Func<bool> done, string what, Action? beforeStep = null) =>
        await Get(
            () =>
            {
                if (!done())
                {
                    beforeStep?.Invoke();
                    time.Advance(step);
                }

                return Task.FromResult(done());
            },
            reached => reached,
            what: what);

    /// <summary>Waits until GET <paramref name="path"/> answers 200 (for a customer: its first event is applied).</summary>
    public static async Task Found(HttpClient client, string path, string what)
    {
        await Get(
            async () =>
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            what: what);
    }
}
