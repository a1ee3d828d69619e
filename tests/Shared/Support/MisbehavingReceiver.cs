using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace LifecycleActors.Tests.Support;

/// <summary>What a <see cref="MisbehavingReceiver"/> does with each request it reads.</summary>
public enum Misbehaviour
{
    /// <summary>Accepts the connection, reads the request and never writes a byte; holds the connection until the sender closes it.</summary>
    NeverAnswers,

    /// <summary>Sends the status line and headers at once (a 1 MiB <c>Content-Length</c>), then one byte of body per <see cref="MisbehavingReceiver.TrickleInterval"/>, for as long as the sender listens.</summary>
    TricklesBody,

    /// <summary>Sends even the status line and headers one byte per <see cref="MisbehavingReceiver.TrickleInterval"/>.</summary>
    TricklesHeaders,

    /// <summary>Answers 200 only after <see cref="MisbehavingReceiver.LateAnswer"/> (30 s).</summary>
    AnswersLate,

    /// <summary>Answers the status given (301, 302, 303, 307, 308) with a <c>Location</c>, keeping the connection open for more.</summary>
    Redirects,
}

/// <summary>
/// A shop's webhook endpoint gone wrong, for tests: a plain TCP listener speaking just enough HTTP/1.1 by hand to
/// misbehave where a real server would not (no answer, a trickle, a late answer, a redirect). It records each request
/// it read (its <c>Idempotency-Key</c> and when it came) and counts connections accepted and closed.
/// </summary>
public sealed class MisbehavingReceiver : IAsyncDisposable
{
    /// <summary>How long <see cref="Misbehaviour.AnswersLate"/> waits before its 200.</summary>
    public static readonly TimeSpan LateAnswer = TimeSpan.FromSeconds(30);

    /// <summary>One byte per this, for the trickles.</summary>
    public static readonly TimeSpan TrickleInterval = TimeSpan.FromSeconds(1);

    private const int TrickledBodyBytes = 1 << 20;
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly int _status;
    private readonly Uri? _location;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ChangeSignal _changes;
    private readonly List<MisbehavedRequest> _requests = [];
    private AcceptLoop? _accepting;
    private int _accepted;
    private int _closed;
    private long _bytesTrickled;

    private MisbehavingReceiver(Misbehaviour kind, TcpListener listener, int status, Uri? location)
    {
        Kind = kind;
        _changes = new($"misbehaving receiver ({kind})");
        _listener = listener;
        _status = status;
        _location = location;
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        Url = new Uri($"http://{endpoint.Address}:{endpoint.Port}/hooks/lifecycle");
    }

    public Misbehaviour Kind { get; }

    /// <summary>Where to send: <c>http://{address}:{port}/hooks/lifecycle</c>.</summary>
    public Uri Url { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _accepted);

    /// <summary>Connections the sender closed (or that broke) so far.</summary>
    public int Closed => Volatile.Read(ref _closed);

    /// <summary>Bytes sent by the trickles so far, headers included.</summary>
    public long BytesTrickled => Interlocked.Read(ref _bytesTrickled);

    /// <summary>Every request read so far, in arrival order.</summary>
    public IReadOnlyList<MisbehavedRequest> Requests
    {
        get
        {
            lock (_changes.Gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <param name="kind">What to do with each request.</param>
    /// <param name="address">Where to listen; 127.0.0.1 unless given.</param>
    /// <param name="status">For <see cref="Misbehaviour.Redirects"/> the redirect's status (302 unless given); for <see cref="Misbehaviour.TricklesBody"/> the status whose body trickles (503 unless given).</param>
    /// <param name="location">The redirect's target, for <see cref="Misbehaviour.Redirects"/>.</param>
    public static MisbehavingReceiver Start(Misbehaviour kind, IPAddress? address = null, int status = 0, Uri? location = null)
    {
        if (kind == Misbehaviour.Redirects)
        {
            ArgumentNullException.ThrowIfNull(location);
        }

        var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        var defaultStatus = kind == Misbehaviour.Redirects ? 302 : kind == Misbehaviour.TricklesBody ? 503 : 200;
        var receiver = new MisbehavingReceiver(kind, listener, status == 0 ? defaultStatus : status, location);
        receiver._accepting = AcceptLoop.Start(listener, receiver.ServeAsync, receiver._stopping.Token);
        return receiver;
    }

    public Task WaitForRequestsAsync(int count, TimeSpan timeout) =>
        _changes.WaitAsync(() => _requests.Count >= count, timeout, () => $"{count} requests; read {_requests.Count}");

    public Task WaitForClosedAsync(int count, TimeSpan timeout) =>
        _changes.WaitAsync(() => _closed >= count, timeout, () => $"{count} connections closed; closed {_closed} of {_accepted}");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _accepting!.StopAsync();
        _stopping.Dispose();
    }

    private async Task ServeAsync(TcpClient client)
    {
        lock (_changes.Gate)
        {
            _accepted++;
            _changes.Signal();
        }

        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (await ReadRequestAsync(stream) && await MisbehaveAsync(stream))
                {
                }
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The sender gave up and closed the connection, or the test is over.
            }
        }

        lock (_changes.Gate)
        {
            _closed++;
            _changes.Signal();
        }
    }

    /// <returns>True to keep the connection for another request.</returns>
    private async Task<bool> MisbehaveAsync(NetworkStream stream)
    {
        var stopping = _stopping.Token;
        switch (Kind)
        {
            case Misbehaviour.NeverAnswers:
                // Read (and drop) whatever comes until the sender closes the connection.
                var sink = new byte[1024];
                while (await stream.ReadAsync(sink, stopping) > 0)
                {
                }

                return false;
            case Misbehaviour.TricklesBody:
                var head = Head(_status, $"Content-Type: text/plain\r\nContent-Length: {TrickledBodyBytes}");
                await WriteAsync(stream, head, stopping);
                Interlocked.Add(ref _bytesTrickled, head.Length);
                await TrickleAsync(stream, Enumerable.Repeat((byte)'x', TrickledBodyBytes), stopping);
                return false;
            case Misbehaviour.TricklesHeaders:
                await TrickleAsync(stream, Head(200, "Content-Length: 2\r\nConnection: close").Concat("ok"u8.ToArray()), stopping);
                return false;
            case Misbehaviour.AnswersLate:
                await Task.Delay(LateAnswer, stopping);
                await WriteAsync(stream, [.. Head(200, "Content-Length: 2\r\nConnection: close"), .. "ok"u8], stopping);
                return false;
            default:
                await WriteAsync(stream, Head(_status, $"Location: {_location!.AbsoluteUri}\r\nContent-Length: 0"), stopping);
                return true;
        }
    }

    private async Task TrickleAsync(NetworkStream stream, IEnumerable<byte> bytes, CancellationToken stopping)
    {
        var one = new byte[1];
        foreach (var b in bytes)
        {
            one[0] = b;
            await WriteAsync(stream, one, stopping);
            Interlocked.Increment(ref _bytesTrickled);
            await Task.Delay(TrickleInterval, stopping);
        }
    }

    private static async Task WriteAsync(NetworkStream stream, byte[] bytes, CancellationToken stopping)
    {
        await stream.WriteAsync(bytes, stopping);
        await stream.FlushAsync(stopping);
    }

    private static byte[] Head(int status, string headers) => Encoding.ASCII.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n{headers}\r\n\r\n"));

    /// <summary>Reads one request (headers and a <c>Content-Length</c> body) and records it; false when the connection closed first.</summary>
    private async Task<bool> ReadRequestAsync(NetworkStream stream)
    {
        var stopping = _stopping.Token;
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        int end;
        while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                throw new IOException("request headers too large");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), stopping);
            if (read == 0)
            {
                return false;
            }

            length += read;
        }

        var receivedAt = DateTimeOffset.UtcNow;
        var headers = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
        var bodyLength = int.TryParse(Header(headers, "Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var bodyRead = length - (end + 4);
        if (bodyLength > bodyRead)
        {
            await stream.ReadExactlyAsync(new byte[bodyLength - bodyRead], stopping);
        }

        lock (_changes.Gate)
        {
            _requests.Add(new MisbehavedRequest(Header(headers, "Idempotency-Key"), receivedAt));
            _changes.Signal();
        }

        return true;
    }

    private static string? Header(string[] lines, string name) => lines
        .Skip(1)
        .Select(line => line.Split(':', 2))
        .Where(parts => parts.Length == 2 && parts[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
        .Select(parts => parts[1].Trim())
        .FirstOrDefault();
}

/// <summary>One request a <see cref="MisbehavingReceiver"/> read.</summary>
public sealed record MisbehavedRequest(string? IdempotencyKey, DateTimeOffset ReceivedAt);
