using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// A shop's webhook endpoint on a real Kestrel (127.0.0.1, a free port) for tests. It verifies
/// <c>X-Lifecycle-Signature</c> with <see cref="Secret"/> (a bad one is answered 401 and counted in
/// <see cref="Rejected"/>), records every request, and accepts each <c>Idempotency-Key</c> once: a repeated key is
/// answered 200 again but not counted again. Tests script the next answers with <see cref="Answer"/> and
/// <see cref="Delay"/>; unscripted requests are accepted with 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "webhook-test-secret-0123456789";

    private const int MaxBodyBytes = 1 << 20;

    private readonly ChangeSignal _changes = new("webhook receiver");
    private readonly Queue<ScriptedAnswer> _script = new();
    private readonly List<ReceivedWebhook> _requests = [];
    private readonly List<string> _accepted = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;
    private int _rejected;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Where to send: <c>http://127.0.0.1:{port}/hooks/lifecycle</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The distinct idempotency keys accepted, in the order they were first accepted.</summary>
    public IReadOnlyList<string> Accepted
    {
        get
        {
            lock (_changes.Gate)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Requests
    {
        get
        {
            lock (_changes.Gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Requests refused with 401 because their signature did not verify.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.Run(receiver.HandleAsync);
        await receiver._app.StartAsync(TestContext.Current.CancellationToken);
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks/lifecycle");
        return receiver;
    }

    /// <summary>
    /// Answers the next <paramref name="times"/> signed requests with <paramref name="status"/> (a 2xx accepts),
    /// optionally with a raw <c>Retry-After</c> value (seconds or an HTTP date) or a <c>Location</c>; with
    /// <paramref name="stallBody"/> the headers go out at once and the body only after that long.
    /// </summary>
    public WebhookReceiver Answer(int status, int times = 1, string? retryAfter = null, Uri? location = null, TimeSpan? stallBody = null)
    {
        Enqueue(new ScriptedAnswer(status, TimeSpan.Zero, retryAfter, location, stallBody ?? TimeSpan.Zero), times);
        return this;
    }

    /// <summary>
    /// Holds the next <paramref name="times"/> signed requests for <paramref name="delay"/>, then accepts them with
    /// 200 even if the sender has given up by then, as a slow but working endpoint would.
    /// </summary>
    public WebhookReceiver Delay(TimeSpan delay, int times = 1)
    {
        Enqueue(new ScriptedAnswer(StatusCodes.Status200OK, delay), times);
        return this;
    }

    public Task WaitForAcceptedAsync(int count, TimeSpan timeout) =>
        _changes.WaitAsync(() => _accepted.Count >= count, timeout, () => $"{count} accepted sends; accepted {_accepted.Count}");

    public Task WaitForRequestsAsync(int count, TimeSpan timeout) =>
        _changes.WaitAsync(() => _requests.Count >= count, timeout, () => $"{count} requests; received {_requests.Count}");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private void Enqueue(ScriptedAnswer answer, int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_changes.Gate)
        {
            for (var i = 0; i < times; i++)
            {
                _script.Enqueue(answer);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var body = await ReadBodyAsync(context.Request);
        var headers = context.Request.Headers;
        var key = headers["Idempotency-Key"].FirstOrDefault();
        var signature = headers[WebhookSignature.HeaderName].FirstOrDefault();
        var valid = WebhookSignature.Verify(Secret, body, signature);
        var answer = Decide(valid, key);
        lock (_changes.Gate)
        {
            _requests.Add(new ReceivedWebhook(key, body, signature, valid, context.Request.ContentType, headers.UserAgent.FirstOrDefault(), receivedAt, answer.Status, headers.TraceParent.FirstOrDefault()));
            _changes.Signal();
        }

        if (!await WaitUnlessStoppingAsync(answer.Delay))
        {
            return;
        }

        if (answer.Status is >= 200 and <= 299)
        {
            lock (_changes.Gate)
            {
                if (!_accepted.Contains(key!))
                {
                    _accepted.Add(key!);
                    _changes.Signal();
                }
            }
        }

        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        if (answer.Location is not null)
        {
            context.Response.Headers.Location = answer.Location.AbsoluteUri;
        }

        if (answer.BodyDelay > TimeSpan.Zero)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (!await WaitUnlessStoppingAsync(answer.BodyDelay))
            {
                return;
            }
        }

        await context.Response.WriteAsync(answer.Status.ToString(CultureInfo.InvariantCulture) + " from the test receiver", context.RequestAborted);
    }

    /// <returns>False when the receiver is stopping.</returns>
    private async Task<bool> WaitUnlessStoppingAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private ScriptedAnswer Decide(bool signatureValid, string? key)
    {
        if (!signatureValid)
        {
            Interlocked.Increment(ref _rejected);
            return new(StatusCodes.Status401Unauthorized, TimeSpan.Zero);
        }

        if (string.IsNullOrEmpty(key))
        {
            return new(StatusCodes.Status400BadRequest, TimeSpan.Zero);
        }

        lock (_changes.Gate)
        {
            return _script.TryDequeue(out var scripted) ? scripted : new(StatusCodes.Status200OK, TimeSpan.Zero);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.Length <= MaxBodyBytes ? buffer.ToArray() : throw new InvalidOperationException("webhook body too large");
    }

    private sealed record ScriptedAnswer(int Status, TimeSpan Delay, string? RetryAfter = null, Uri? Location = null, TimeSpan BodyDelay = default);
}
