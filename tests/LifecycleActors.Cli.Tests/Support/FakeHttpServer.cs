using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cli.Tests.Support;

/// <summary>A request as the fake server read it.</summary>
internal sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>What the fake server answers.</summary>
internal sealed record FakeResponse(int Status, string Body = "", string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Close the connection after reading the request, without answering: the client sees a network error.</summary>
    public static readonly FakeResponse Drop = new(0);

    public static FakeResponse Json(int status, string body) => new(status, body);
}

/// <summary>
/// A tiny HTTP/1.1 server on a raw <see cref="TcpListener"/> at 127.0.0.1:0 (an ephemeral port, so tests never
/// collide): reads requests with Content-Length bodies on kept-alive connections and answers what the handler says.
/// Enough for HttpClient, with no ASP.NET test host.
/// </summary>
internal sealed class FakeHttpServer : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<FakeRequest, FakeResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly AcceptLoop _accepting;

    public FakeHttpServer(Func<FakeRequest, FakeResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptLoop.Start(_listener, ServeAsync, _stop.Token);
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _accepting.StopAsync();
        _stop.Dispose();
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new List<byte>();
                while (await ReadRequestAsync(stream, buffer) is { } request)
                {
                    _requests.Enqueue(request);
                    var response = _handler(request);
                    if (response.Status == 0)
                    {
                        client.Client.Close();
                        return;
                    }

                    await stream.WriteAsync(Serialize(response), _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server stops; either ends this connection.
            }
        }
    }

    /// <summary>The next request on the connection, or null once the client has closed it.</summary>
    private async Task<FakeRequest?> ReadRequestAsync(NetworkStream stream, List<byte> buffer)
    {
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, HeaderEnd)) < 0)
        {
            if (!await FillAsync(stream, buffer))
            {
                return null;
            }
        }

        var lines = Encoding.ASCII.GetString([.. buffer.GetRange(0, headerEnd)]).Split("\r\n");
        buffer.RemoveRange(0, headerEnd + HeaderEnd.Length);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var raw) ? int.Parse(raw, CultureInfo.InvariantCulture) : 0;
        while (buffer.Count < length)
        {
            if (!await FillAsync(stream, buffer))
            {
                return null;
            }
        }

        var body = buffer.GetRange(0, length).ToArray();
        buffer.RemoveRange(0, length);
        return new FakeRequest(requestLine[0], requestLine[1], headers, body);
    }

    private async Task<bool> FillAsync(NetworkStream stream, List<byte> buffer)
    {
        var chunk = new byte[16 * 1024];
        var read = await stream.ReadAsync(chunk, _stop.Token);
        buffer.AddRange(chunk.AsSpan(0, read));
        return read > 0;
    }

    private static int IndexOf(List<byte> buffer, byte[] pattern)
    {
        for (var i = 0; i + pattern.Length <= buffer.Count; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = buffer[i + j] == pattern[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] Serialize(FakeResponse response)
    {
        var body = Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
