using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of a server (PostgreSQL): the app connects to <see cref="Port"/>, and the test can
/// <see cref="CloseAsync"/> it (the server seems gone: open connections drop, new ones are refused) and <see cref="Open"/>
/// it again on the same port.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, bool> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accepting;

    public TcpRelay(string targetHost, int targetPort)
    {
        (_targetHost, _targetPort) = (targetHost, targetPort);
        Port = ExternalProcess.FreePort();
        Open();
    }

    public int Port { get; }

    public void Open()
    {
        if (_listener is not null)
            return;
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    /// <summary>Stops listening and drops every relayed connection.</summary>
    public async Task CloseAsync()
    {
        if (_listener is null)
            return;
        await _stop!.CancelAsync();
        _listener.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
            _connections.TryRemove(connection, out _);
        }

        try
        {
            await _accepting!;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _listener = null;
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            _connections[inbound] = true;
            _connections[outbound] = true;
            _ = PipeAsync(inbound, outbound);
        }
    }

    private async Task PipeAsync(TcpClient a, TcpClient b)
    {
        try
        {
            await Task.WhenAny(a.GetStream().CopyToAsync(b.GetStream()), b.GetStream().CopyToAsync(a.GetStream()));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // Dropped by Close, or by either side.
        }
        finally
        {
            foreach (var client in new[] { a, b })
            {
                client.Dispose();
                _connections.TryRemove(client, out _);
            }
        }
    }
}
