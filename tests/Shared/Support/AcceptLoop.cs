using System.Net.Sockets;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// Accepts connections on a started <see cref="TcpListener"/> until stopped and serves each one on its own task, for
/// the small TCP servers of the tests and the harness. Stopping stops the listener and waits for every connection
/// still being served.
/// </summary>
internal sealed class AcceptLoop
{
    private readonly TcpListener _listener;
    private readonly Func<TcpClient, Task> _serve;
    private readonly CancellationToken _stopping;
    private readonly List<Task> _serving = [];
    private readonly Task _accepting;

    private AcceptLoop(TcpListener listener, Func<TcpClient, Task> serve, CancellationToken stopping)
    {
        _listener = listener;
        _serve = serve;
        _stopping = stopping;
        _accepting = AcceptAsync();
    }

    /// <param name="serve">Serves one connection (and disposes it); called for each as it is accepted.</param>
    /// <param name="stopping">Ends the loop; <see cref="StopAsync"/> cancels nothing itself.</param>
    public static AcceptLoop Start(TcpListener listener, Func<TcpClient, Task> serve, CancellationToken stopping) =>
        new(listener, serve, stopping);

    /// <summary>Stops the listener and waits until the loop and every connection it served have ended.</summary>
    public async Task StopAsync()
    {
        _listener.Stop();
        await _accepting;
        Task[] serving;
        lock (_serving)
        {
            serving = [.. _serving];
        }

        await Task.WhenAll(serving);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_serving)
            {
                _serving.RemoveAll(t => t.IsCompleted);
                _serving.Add(Task.Run(() => _serve(client)));
            }
        }
    }
}
