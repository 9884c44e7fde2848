using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// A graphql-transport-ws client for tests and benchmarks, over a real socket or the test server's, written plainly so
/// tests can also send what a good client never would. Every wait is bounded (<see cref="Timeout"/>): a silent server
/// fails a test with TimeoutException, never hangs it. Server pings are answered and skipped.
/// </summary>
public sealed partial class GraphQLWsClient : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly List<JsonElement> _skipped = [];

    // One read is in flight at a time and survives a timeout: cancelling a WebSocket read would abort the socket.
    private Task<(JsonElement? Message, (int Status, string? Reason)? Close)>? _pending;

    // Every wait also ends with the test (or benchmark) that opened the socket.
    private readonly CancellationToken _cancellation;

    private GraphQLWsClient(WebSocket socket, CancellationToken cancellation)
    {
        Socket = socket;
        _cancellation = cancellation;
    }

    public WebSocket Socket { get; }

    /// <summary>Server pings answered so far.</summary>
    public int Pings { get; private set; }

    /// <summary>Connects to a real server over the network and completes connection_init / connection_ack with the token.</summary>
    public static async Task<GraphQLWsClient> ConnectAsync(Uri httpBase, string token, CancellationToken cancellationToken = default)
    {
        var client = await OpenAsync(httpBase, cancellationToken);
        await client.InitAsync(token);
        return client;
    }

    /// <summary>Opens a socket to a real server over the network, before connection_init.</summary>
    public static async Task<GraphQLWsClient> OpenAsync(Uri httpBase, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        var uri = new UriBuilder(httpBase) { Scheme = httpBase.Scheme == "https" ? "wss" : "ws", Path = "/graphql" }.Uri;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(Timeout);
            try
            {
                await socket.ConnectAsync(uri, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"No WebSocket handshake from {uri} within {Timeout}.");
            }
        }

        return new GraphQLWsClient(socket, cancellationToken);
    }

    /// <summary>Sends connection_init with the token and waits for connection_ack.</summary>
    public async Task InitAsync(string token)
    {
        await SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        var ack = await ReceiveAsync();
        if (ack.GetProperty("type").GetString() != "connection_ack")
            throw new InvalidOperationException($"Expected connection_ack, got {ack}.");
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    public Task CompleteAsync(string id) => SendAsync(new { id, type = "complete" });

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        timeout.CancelAfter(Timeout);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next message from the server; fails if the socket closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? within = null)
    {
        if (_skipped.Count > 0)
        {
            var first = _skipped[0];
            _skipped.RemoveAt(0);
            return first;
        }

        return await NextAsync(DateTime.UtcNow + (within ?? Timeout), "a message");
    }

    /// <summary>The next message for one operation id; those of other ids are kept, in order, for later reads.</summary>
    public async Task<JsonElement> ReceiveForAsync(string id, TimeSpan? within = null)
    {
        var index = _skipped.FindIndex(m => IdOf(m) == id);
        if (index >= 0)
        {
            var kept = _skipped[index];
            _skipped.RemoveAt(index);
            return kept;
        }

        var deadline = DateTime.UtcNow + (within ?? Timeout);
        while (true)
        {
            var message = await NextAsync(deadline, $"a message for '{id}'");
            if (IdOf(message) == id)
                return message;
            _skipped.Add(message);
        }
    }

    /// <summary>
    /// The payloads of the next <paramref name="count"/> <c>next</c> messages for <paramref name="id"/> (others kept for
    /// later reads), all within <paramref name="within"/>: the server's keep-alive pings do not extend it.
    /// </summary>
    public async Task<List<JsonElement>> NextPayloadsAsync(string id, int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Timeout);
        var payloads = new List<JsonElement>();
        while (payloads.Count < count)
        {
            var message = await ReceiveForAsync(id, Max(deadline - DateTime.UtcNow));
            if (message.GetProperty("type").GetString() != "next")
                throw new InvalidOperationException($"Expected next for {id} (after {payloads.Count} of {count}), got {message}.");
            payloads.Add(message.GetProperty("payload"));
        }

        return payloads;
    }

    /// <summary>The message that arrives within <paramref name="quiet"/>, or null when none does.</summary>
    public async Task<JsonElement?> ReceiveWithinAsync(TimeSpan quiet)
    {
        try
        {
            return await ReceiveAsync(quiet);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Waits for the server to close the socket; returns its close code and reason (messages before it are skipped).</summary>
    public async Task<(int Status, string? Reason)> ReceiveCloseAsync()
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var (message, close) = await ReadAsync(Max(deadline - DateTime.UtcNow));
            if (message is null)
                return close!.Value;
        }
    }

    /// <summary>Closes from the client's side and waits (bounded) for the server's close frame.</summary>
    public async Task CloseAsync()
    {
        if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            // Through the one reader, so a read still in flight cannot swallow the close frame.
            await ReceiveCloseAsync();
        }
#pragma warning disable CA1031 // The server may have gone first, in any of several ways.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        Socket.Dispose();
    }

    /// <summary>The next message that is not a server ping (pings are answered), before <paramref name="deadline"/>.</summary>
    private async Task<JsonElement> NextAsync(DateTime deadline, string what)
    {
        while (true)
        {
            var (message, close) = await ReadAsync(Max(deadline - DateTime.UtcNow));
            if (message is null)
                throw new InvalidOperationException($"The server closed the socket ({close?.Status} {close?.Reason}) instead of sending {what}.");
            if (message.Value.GetProperty("type").GetString() != "ping")
                return message.Value;
            Pings++;
            await SendAsync(new { type = "pong" });
        }
    }

    private static string? IdOf(JsonElement message) => message.TryGetProperty("id", out var id) ? id.GetString() : null;

    private static TimeSpan Max(TimeSpan left) => left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private async Task<(JsonElement? Message, (int Status, string? Reason)? Close)> ReadAsync(TimeSpan within)
    {
        _pending ??= ReadOneAsync();
        if (await Task.WhenAny(_pending, Task.Delay(within, _cancellation)) != _pending)
        {
            _cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"Nothing from the server within {within.TotalSeconds:0.#} s.");
        }

        var read = await _pending;
        _pending = null;
        return read;
    }

    private async Task<(JsonElement? Message, (int Status, string? Reason)? Close)> ReadOneAsync()
    {
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(_buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
                return (null, ((int)(result.CloseStatus ?? 0), result.CloseStatusDescription));
            message.Write(_buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return (JsonDocument.Parse(message.ToArray()).RootElement.Clone(), null);
    }
}
