using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// A graphql-transport-ws client over the test server's WebSockets, written plainly so tests can also send what a
/// good client never would. Every wait is bounded (<see cref="Timeout"/>), so a silent server fails a test (TimeoutException), never hangs it.
/// </summary>
public sealed class WsProtocolClient : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly List<JsonElement> _skipped = [];

    private WsProtocolClient(WebSocket socket) => Socket = socket;

    public WebSocket Socket { get; }

    /// <summary>Server pings answered so far.</summary>
    public int Pings { get; private set; }

    /// <summary>Opens a socket to /graphql offering <paramref name="subProtocols"/> (default: graphql-transport-ws).</summary>
    public static async Task<WsProtocolClient> ConnectAsync(KanbanApp app, string? origin = null, params string[] subProtocols)
    {
        var client = app.Server.CreateWebSocketClient();
        foreach (var protocol in subProtocols.Length == 0 ? [SubProtocol] : subProtocols)
            client.SubProtocols.Add(protocol);
        if (origin is not null)
            client.ConfigureRequest = request => request.Headers.Origin = origin;
        using var timeout = new CancellationTokenSource(Timeout);
        return new WsProtocolClient(await client.ConnectAsync(new Uri("ws://localhost/graphql"), timeout.Token));
    }

    /// <summary>Connects, sends connection_init with the user's token and waits for connection_ack.</summary>
    public static async Task<WsProtocolClient> ConnectAsAsync(KanbanApp app, string userId)
    {
        var client = await ConnectAsync(app);
        await client.InitAsync(app.TokenFor(userId));
        return client;
    }

    public async Task InitAsync(string token)
    {
        await SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        var ack = await ReceiveAsync();
        Assert.Equal("connection_ack", ack.Str("type"));
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    public Task CompleteAsync(string id) => SendAsync(new { id, type = "complete" });

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next message from the server (server pings are answered and skipped); fails if the socket closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? within = null)
    {
        if (_skipped.Count > 0)
        {
            var first = _skipped[0];
            _skipped.RemoveAt(0);
            return first;
        }

        var deadline = DateTime.UtcNow + (within ?? Timeout);
        while (true)
        {
            var (message, close) = await ReadAsync(Max(deadline - DateTime.UtcNow));
            if (message is null)
                throw new InvalidOperationException($"The server closed the socket ({close?.Status} {close?.Reason}) instead of sending a message.");
            if (message.Value.Str("type") == "ping")
            {
                Pings++;
                await SendAsync(new { type = "pong" });
                continue;
            }

            return message.Value;
        }
    }

    /// <summary>The next message for one operation id; those of other ids are kept, in order, for later reads.</summary>
    public async Task<JsonElement> ReceiveForAsync(string id)
    {
        var index = _skipped.FindIndex(m => IdOf(m) == id);
        if (index >= 0)
        {
            var kept = _skipped[index];
            _skipped.RemoveAt(index);
            return kept;
        }

        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var (message, close) = await ReadAsync(Max(deadline - DateTime.UtcNow));
            if (message is null)
                throw new InvalidOperationException($"The server closed the socket ({close?.Status} {close?.Reason}) before a message for '{id}'.");
            if (message.Value.Str("type") == "ping")
            {
                Pings++;
                await SendAsync(new { type = "pong" });
            }
            else if (IdOf(message.Value) == id)
            {
                return message.Value;
            }
            else
            {
                _skipped.Add(message.Value);
            }
        }
    }

    private static string? IdOf(JsonElement message) => message.TryGetProperty("id", out var id) ? id.GetString() : null;

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

    private static TimeSpan Max(TimeSpan left) => left > TimeSpan.Zero ? left : TimeSpan.Zero;

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

    // One read is in flight at a time and survives a timeout: cancelling a WebSocket read would abort the socket.
    private Task<(JsonElement? Message, (int Status, string? Reason)? Close)>? _pending;

    private async Task<(JsonElement? Message, (int Status, string? Reason)? Close)> ReadAsync(TimeSpan within)
    {
        _pending ??= ReadOneAsync();
        if (await Task.WhenAny(_pending, Task.Delay(within)) != _pending)
            throw new TimeoutException($"Nothing from the server within {within.TotalSeconds} s.");
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
