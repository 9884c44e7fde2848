using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

/// <summary>A small graphql-transport-ws client for tests: every wait is bounded, so a test can fail but never hang.</summary>
public sealed class GraphQLWsClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;

    private GraphQLWsClient(WebSocket socket) => _socket = socket;

    public WebSocket Socket => _socket;

    /// <summary>Connects to a real server and completes connection_init / connection_ack with the token.</summary>
    public static async Task<GraphQLWsClient> ConnectAsync(Uri httpBase, string token, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        var uri = new UriBuilder(httpBase) { Scheme = httpBase.Scheme == "https" ? "wss" : "ws", Path = "/graphql" }.Uri;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(DefaultWait);
            try
            {
                await socket.ConnectAsync(uri, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"No WebSocket handshake from {uri} within {DefaultWait}.");
            }
        }

        var client = new GraphQLWsClient(socket);
        await client.InitAsync(token, cancellationToken);
        return client;
    }

    public static async Task<GraphQLWsClient> InitializedAsync(WebSocket socket, string token, CancellationToken cancellationToken)
    {
        var client = new GraphQLWsClient(socket);
        await client.InitAsync(token, cancellationToken);
        return client;
    }

    public async Task SendAsync(object message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultWait);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, timeout.Token);
    }

    public Task SubscribeAsync(string id, string query, object? variables, CancellationToken cancellationToken) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } }, cancellationToken);

    /// <summary>The next message, or null when the socket closed; throws TimeoutException after <paramref name="wait"/>.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait ?? DefaultWait);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return null;
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                    return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No message within {wait ?? DefaultWait}.");
        }
    }

    /// <summary>
    /// The payloads of the next <paramref name="count"/> <c>next</c> messages for <paramref name="id"/> (pings answered,
    /// others skipped), all within <paramref name="wait"/>: the server's keep-alive pings do not extend it.
    /// </summary>
    public async Task<List<JsonElement>> NextPayloadsAsync(string id, int count, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (wait ?? DefaultWait);
        var payloads = new List<JsonElement>();
        while (payloads.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"Only {payloads.Count} of {count} messages for {id} within {wait ?? DefaultWait}.");
            var message = await ReceiveAsync(left, cancellationToken) ?? throw new InvalidOperationException(
                $"The socket closed ({_socket.CloseStatus} {_socket.CloseStatusDescription}) after {payloads.Count} of {count} messages.");
            var type = message.GetProperty("type").GetString();
            if (type == "ping")
            {
                await SendAsync(new { type = "pong" }, cancellationToken);
                continue;
            }

            if (message.TryGetProperty("id", out var messageId) && messageId.GetString() == id)
            {
                if (type == "next")
                    payloads.Add(message.GetProperty("payload"));
                else
                    throw new InvalidOperationException($"Expected next for {id}, got {message}.");
            }
        }

        return payloads;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server may already be gone; the socket is disposed either way.
            }
        }

        _socket.Dispose();
    }

    private async Task InitAsync(string token, CancellationToken cancellationToken)
    {
        await SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {token}" } }, cancellationToken);
        var ack = await ReceiveAsync(cancellationToken: cancellationToken);
        if (ack?.GetProperty("type").GetString() != "connection_ack")
            throw new InvalidOperationException($"Expected connection_ack, got {ack?.ToString() ?? $"close {_socket.CloseStatus}"}.");
    }
}
