using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport.WebSockets;

/// <summary>
/// One socket as bytes: the receive loop (message size, text frames, UTF-8), the send pump (one outbox, one writer, so
/// frames never interleave), the close handshake, and the tasks that must stop before the socket is let go. What the
/// messages mean is <see cref="GraphQLWsProtocol"/>'s business.
/// </summary>
public sealed class WsConnection : IDisposable
{
    /// <summary>Messages waiting to be sent; a client this far behind is closed with 1013 and resumes with afterSeq.</summary>
    public const int OutboxLimit = 10_000;

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly WebSocket _socket;
    private readonly WebSocketLimits _limits;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(); // not SingleReader: that kind cannot count its items
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closed;
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private int _closing;
    private long _lastSentTicks = Environment.TickCount64;

    public WsConnection(WebSocket socket, WebSocketLimits limits, IGraphQLTextSerializer serializer, ILogger logger, CancellationToken requestAborted)
    {
        _socket = socket;
        _limits = limits;
        _serializer = serializer;
        _logger = logger;
        _closed = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        Closed = _closed.Token;
    }

    /// <summary>Cancelled once the socket is gone (or the close grace ran out).</summary>
    public CancellationToken Closed { get; }

    /// <summary>Milliseconds since anything was last sent (the keep-alive pings when it grows).</summary>
    public long QuietMilliseconds => Environment.TickCount64 - Interlocked.Read(ref _lastSentTicks);

    /// <summary>
    /// Serves the socket until either side closes it: each text message goes to <paramref name="onMessage"/>; on the way
    /// out <paramref name="onClosing"/> stops what the messages started, and every tracked task is awaited.
    /// </summary>
    public async Task RunAsync(Func<string, Task> onMessage, Action onClosing)
    {
        var writer = WriteLoopAsync();
        try
        {
            await ReceiveLoopAsync(onMessage);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client vanished or the close grace ran out: nothing to answer.
        }
#pragma warning disable CA1031 // The last line of defence: log it and close with 4500, never leave the socket hanging.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "A GraphQL WebSocket failed.");
            await CloseAsync(WsCloseCodes.InternalServerError, "Internal server error");
        }
        finally
        {
            Interlocked.Exchange(ref _closing, 1);
            onClosing();
            await _closed.CancelAsync();
            _outbox.Writer.TryComplete();
            await DrainAsync(writer);
        }
    }

    /// <summary>Queues a message for the writer (serialised now, on the caller's thread, so it is read while certainly whole).</summary>
    public void Send(OperationMessage message)
    {
        if (Volatile.Read(ref _closing) == 1)
            return;
        if (_outbox.Reader.Count >= OutboxLimit)
        {
            _ = CloseAsync(WsCloseCodes.TryAgainLater, "Too slow: reconnect and resume with afterSeq");
            return;
        }

        _outbox.Writer.TryWrite(Encoding.UTF8.GetBytes(_serializer.Serialize(message)));
    }

    /// <summary>A task the socket must see finish before it is let go (an operation, a timer).</summary>
    public Task Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Closes the socket from the server's side; the read loop then waits briefly for the client's close frame.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
            return;
        _outbox.Writer.TryComplete();
        try
        {
            if (await _sendLock.WaitAsync(CloseGrace, Closed))
            {
                try
                {
                    if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync((WebSocketCloseStatus)code, Shorten(reason, 120), Closed);
                }
                finally
                {
                    _sendLock.Release();
                }
            }

            _closed.CancelAfter(CloseGrace);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    /// <summary>Closes a socket that never became a connection (the handshake refused it).</summary>
    public static async Task CloseQuietlyAsync(WebSocket socket, int code, string reason)
    {
        using var grace = new CancellationTokenSource(CloseGrace);
        try
        {
            await socket.CloseAsync((WebSocketCloseStatus)code, reason, grace.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>At most <paramref name="max"/> characters, and never more than a close reason may hold (123 bytes of UTF-8).</summary>
    public static string Shorten(string text, int max)
    {
        var shortened = text.Length <= max ? text : text[..max] + "...";
        while (Encoding.UTF8.GetByteCount(shortened) > 120)
            shortened = shortened[..(shortened.Length / 2)] + "...";
        return shortened;
    }

    public void Dispose()
    {
        _closed.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync(Func<string, Task> onMessage)
    {
        var buffer = new byte[8 * 1024];
        using var message = new MemoryStream();
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            message.SetLength(0);
            var tooBig = false;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer.AsMemory(), Closed);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await AnswerCloseAsync();
                    return;
                }

                if (message.Length + received.Count > _limits.MaxMessageBytes)
                    tooBig = true;
                else if (!tooBig)
                    message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage && !tooBig);

            if (Volatile.Read(ref _closing) == 1)
                continue; // closing: read on only to see the client's close frame
            if (tooBig)
            {
                await CloseAsync(WsCloseCodes.MessageTooBig, $"Message too big: at most {_limits.MaxMessageBytes} bytes");
                continue;
            }

            if (received.MessageType != WebSocketMessageType.Text)
            {
                await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: binary frames are not part of graphql-transport-ws");
                continue;
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
            catch (DecoderFallbackException)
            {
                await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: not UTF-8");
                continue;
            }

            await onMessage(text);
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(Closed))
            {
                await _sendLock.WaitAsync(Closed);
                try
                {
                    if (Volatile.Read(ref _closing) == 0 && _socket.State == WebSocketState.Open)
                        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, Closed);
                }
                finally
                {
                    _sendLock.Release();
                }

                Interlocked.Exchange(ref _lastSentTicks, Environment.TickCount64);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket is gone; the read loop ends too.
        }
    }

    /// <summary>The client closed: answer with a close frame of our own, as the WebSocket close handshake asks.</summary>
    private async Task AnswerCloseAsync()
    {
        Interlocked.Exchange(ref _closing, 1);
        try
        {
            if (_socket.State == WebSocketState.CloseReceived && await _sendLock.WaitAsync(CloseGrace))
            {
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task DrainAsync(Task writer)
    {
        try
        {
            await Task.WhenAll(_running.Keys.Append(writer)).WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Operations of a closed WebSocket did not stop within {Timeout}.", DrainTimeout);
        }
#pragma warning disable CA1031 // Each operation reports its own failures; on the way out only stopping matters.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
