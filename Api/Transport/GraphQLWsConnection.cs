using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Common;

using KanbanCustomer.Api.Execution;
using KanbanCustomer.Api.Auth;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// One socket speaking graphql-transport-ws (the <c>graphql-ws</c> library's PROTOCOL.md): <c>connection_init</c>
/// with the bearer token, then any number of operations multiplexed by id, each in its own DI scope.
/// One task reads; everything sent goes through one outbox and one writer, so frames never interleave.
/// </summary>
public sealed class GraphQLWsConnection : IDisposable
{
    /// <summary>Messages waiting to be sent; a client this far behind is closed with 1013 and resumes with afterSeq.</summary>
    public const int OutboxLimit = 10_000;

    private const int Waiting = 0;
    private const int Initialising = 1;
    private const int Ready = 2;

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly RequestRunner _runner;
    private readonly WebSocketLimits _ws;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly IServiceScopeFactory _scopes;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(); // not SingleReader: that kind cannot count its items
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closed;
    private readonly CancellationToken _closedToken;
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private int _state = Waiting;
    private int _closing;
    private long _lastSentTicks = Environment.TickCount64;
    private ClaimsPrincipal? _user;
    private IDisposable? _slot;

    public GraphQLWsConnection(WebSocket socket, HttpContext http, GraphQLLimits limits, IServiceProvider services)
    {
        _socket = socket;
        _http = http;
        _ws = limits.WebSocket;
        _runner = services.GetRequiredService<RequestRunner>();
        _services = services;
        _serializer = services.GetRequiredService<IGraphQLTextSerializer>();
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<GraphQLWsConnection>();
        _closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        _closedToken = _closed.Token;
    }

    /// <summary>Serves the socket until either side closes it; every operation is stopped and its scope disposed on the way out.</summary>
    public async Task RunAsync()
    {
        var lifetime = _services.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = lifetime.ApplicationStopping.Register(() => _ = CloseAsync(WsCloseCodes.GoingAway, "Server shutting down"));
        var writer = WriteLoopAsync();
        _ = Track(InitTimeoutAsync());
        try
        {
            await ReceiveLoopAsync();
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
            await ShutDownAsync(writer);
        }
    }

    private async Task ShutDownAsync(Task writer)
    {
        Interlocked.Exchange(ref _closing, 1);
        foreach (var operation in _operations.Values)
            operation.Cancel();
        _operations.Clear();
        await _closed.CancelAsync();
        _outbox.Writer.TryComplete();
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

        _slot?.Dispose();
    }

    public void Dispose()
    {
        _closed.Dispose();
        _sendLock.Dispose();
    }

    // ---- Receiving --------------------------------------------------------------------------------------------

    private async Task ReceiveLoopAsync()
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
                received = await _socket.ReceiveAsync(buffer.AsMemory(), _closedToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await AnswerCloseAsync();
                    return;
                }

                if (message.Length + received.Count > _ws.MaxMessageBytes)
                    tooBig = true;
                else if (!tooBig)
                    message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage && !tooBig);

            if (Volatile.Read(ref _closing) == 1)
                continue; // closing: read on only to see the client's close frame
            if (tooBig)
            {
                await CloseAsync(WsCloseCodes.MessageTooBig, $"Message too big: at most {_ws.MaxMessageBytes} bytes");
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

            await HandleAsync(text);
        }
    }

    private async Task HandleAsync(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: not JSON");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: a JSON object with a string 'type' is expected");
                return;
            }

            string? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind != JsonValueKind.String)
                {
                    await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: 'id' must be a string");
                    return;
                }

                id = idElement.GetString();
            }

            JsonElement? payload = null;
            if (root.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null)
                payload = payloadElement;

            switch (typeElement.GetString())
            {
                case "connection_init":
                    if (payload is { ValueKind: not JsonValueKind.Object })
                        await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: connection_init's payload must be an object");
                    else
                        await InitialiseAsync(payload);
                    break;
                case "ping":
                    Enqueue(payload is { ValueKind: JsonValueKind.Object } ping ? new OperationMessage { Type = "pong", Payload = ping.Clone() } : new OperationMessage { Type = "pong" });
                    break;
                case "pong":
                    break;
                case "subscribe":
                    await SubscribeAsync(id, payload);
                    break;
                case "complete":
                    if (string.IsNullOrEmpty(id))
                    {
                        await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: complete needs an 'id'");
                    }
                    else if (_operations.TryRemove(id, out var operation))
                    {
                        // The client stopped listening: nothing more is sent for this id, and the id is free again.
                        operation.Cancel();
                    }

                    break;
                default:
                    await CloseAsync(WsCloseCodes.BadRequest, $"Invalid message: unknown type '{Shorten(typeElement.GetString()!, 40)}'");
                    break;
            }
        }
    }

    // ---- connection_init ----------------------------------------------------------------------------------------

    private async Task InitialiseAsync(JsonElement? payload)
    {
        if (Interlocked.CompareExchange(ref _state, Initialising, Waiting) != Waiting)
        {
            await CloseAsync(WsCloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        string? authorization = null;
        if (payload is { } body)
        {
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    authorization = property.Value.GetString();
            }
        }

        var check = await _services.GetRequiredService<BearerTokenValidator>().ValidateAsync(authorization, _closedToken);
        if (check.Principal is null)
        {
            await CloseAsync(WsCloseCodes.Forbidden, "Forbidden: " + check.Problem);
            return;
        }

        _slot = _services.GetRequiredService<LiveConnections>().TryEnter(check.UserId, _ws.MaxConnectionsPerUser);
        if (_slot is null)
        {
            await CloseAsync(WsCloseCodes.PolicyViolation, $"Too many connections: at most {_ws.MaxConnectionsPerUser} per user");
            return;
        }

        _user = check.Principal;
        // Services that read the actor from the HTTP context (HttpCurrentActor) see the socket's user.
        _http.User = check.Principal;
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await RequestRunner.ProvisionAsync(check.Principal, scope.ServiceProvider, _closedToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Provisioning the user of a WebSocket failed.");
            await CloseAsync(WsCloseCodes.InternalServerError, "Internal server error");
            return;
        }

        Volatile.Write(ref _state, Ready);
        Enqueue(new OperationMessage { Type = "connection_ack" });
        if (_ws.KeepAliveInterval > TimeSpan.Zero)
            _ = Track(KeepAliveAsync());
        if (check.Expires is { } expires)
            _ = Track(ExpireAsync(expires));
    }

    private async Task InitTimeoutAsync()
    {
        try
        {
            await Task.Delay(_ws.ConnectionInitTimeout, _closedToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (Volatile.Read(ref _state) == Waiting)
            await CloseAsync(WsCloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
    }

    /// <summary>A socket lives no longer than its token: at expiry it is closed with 4403, and the client reconnects with a new one.</summary>
    private async Task ExpireAsync(DateTimeOffset expires)
    {
        var wait = expires - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.FromDays(24))
            return; // beyond what a timer can wait for; such tokens are not issued here
        try
        {
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, _closedToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await CloseAsync(WsCloseCodes.Forbidden, "Forbidden: the token has expired");
    }

    /// <summary>Sends a <c>ping</c> when the socket has been silent for the keep-alive interval (proxies close idle sockets).</summary>
    private async Task KeepAliveAsync()
    {
        using var timer = new PeriodicTimer(_ws.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_closedToken))
            {
                if (Environment.TickCount64 - Interlocked.Read(ref _lastSentTicks) >= _ws.KeepAliveInterval.TotalMilliseconds)
                    Enqueue(new OperationMessage { Type = "ping" });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // ---- subscribe ---------------------------------------------------------------------------------------------

    private async Task SubscribeAsync(string? id, JsonElement? payload)
    {
        if (Volatile.Read(ref _state) != Ready)
        {
            await CloseAsync(WsCloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (string.IsNullOrEmpty(id))
        {
            await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: subscribe needs an 'id'");
            return;
        }

        GraphQLRequest? request = null;
        if (payload is { ValueKind: JsonValueKind.Object } body)
        {
            try
            {
                request = _serializer.ReadNode<GraphQLRequest>(body);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or NotSupportedException or InvalidOperationException)
            {
                request = null;
            }
        }

        if (request is null || (string.IsNullOrWhiteSpace(request.Query) && string.IsNullOrWhiteSpace(request.DocumentId)))
        {
            await CloseAsync(WsCloseCodes.BadRequest, "Invalid message: subscribe needs a payload with a 'query' (or 'documentId') string");
            return;
        }

        // Reserve the id before anything is awaited: a second subscribe with it is refused even while the first is starting.
        var operation = new Operation(id, _closedToken);
        if (!_operations.TryAdd(id, operation))
        {
            operation.Dispose();
            await CloseAsync(WsCloseCodes.SubscriberAlreadyExists, $"Subscriber for {Shorten(id, 80)} already exists");
            return;
        }

        var refusal = Refuse(request);
        if (refusal is not null)
        {
            Fail(operation, [refusal]);
            operation.Dispose();
            return;
        }

        _ = Track(RunAsync(operation, request));
    }

    /// <summary>What stops an operation before it runs: too many at once on this socket, then the request runner's checks.</summary>
    private KanbanError? Refuse(GraphQLRequest request)
    {
        if (_operations.Count > _ws.MaxSubscriptionsPerConnection)
        {
            return new KanbanError(LiveErrors.TooManySubscriptions,
                $"At most {_ws.MaxSubscriptionsPerConnection} operations may run at once on one connection; complete one first.");
        }

        return _runner.TakeRateLimit(_user, _http.Connection.RemoteIpAddress) ?? _runner.Check(request);
    }

    private async Task RunAsync(Operation operation, GraphQLRequest request)
    {
        try
        {
            // One scope per operation: a DbContext serves one caller at a time, and operations of a socket run side by side.
            await using var scope = _scopes.CreateAsyncScope();
            var result = await _runner.ExecuteAsync(request, _user!, scope.ServiceProvider, operation.Token);
            if (operation.Token.IsCancellationRequested)
                return;

            if (result.Streams is { Count: > 0 } streams)
            {
                await StreamAsync(operation, streams.Values.First());
            }
            else if (result.Executed && result.Operation?.Operation is OperationType.Query or OperationType.Mutation)
            {
                Next(operation, result);
                Complete(operation);
            }
            else
            {
                Fail(operation, result.Errors is { Count: > 0 } errors ? errors : [LiveErrors.Internal()]);
            }
        }
        catch (OperationCanceledException) when (operation.Token.IsCancellationRequested)
        {
            // Completed by the client, or the socket closed.
        }
#pragma warning disable CA1031 // An operation that fails outside execution ends with an error message, never takes the socket down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "A WebSocket operation failed outside execution.");
            Fail(operation, [LiveErrors.Internal()]);
        }
        finally
        {
            _operations.TryRemove(KeyValuePair.Create(operation.Id, operation));
            operation.Dispose();
        }
    }

    /// <summary>Sends each event as <c>next</c> until the stream ends (<c>complete</c>), fails (<c>next</c> with the error, then <c>complete</c>) or is stopped.</summary>
    private async Task StreamAsync(Operation operation, IObservable<ExecutionResult> stream)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new LiveObserver<ExecutionResult>(
            result => Next(operation, result),
            error =>
            {
                Next(operation, new ExecutionResult { Errors = [LiveErrors.From(error)] });
                Complete(operation);
                ended.TrySetResult();
            },
            () =>
            {
                Complete(operation);
                ended.TrySetResult();
            });
        using (stream.Subscribe(observer))
            await ended.Task.WaitAsync(operation.Token);
    }

    private bool IsActive(Operation operation) =>
        !operation.Token.IsCancellationRequested && _operations.TryGetValue(operation.Id, out var current) && ReferenceEquals(current, operation);

    private void Next(Operation operation, ExecutionResult result)
    {
        if (IsActive(operation))
            Enqueue(new OperationMessage { Id = operation.Id, Type = "next", Payload = result });
    }

    // The id is released before the last message goes out, so a client may reuse it as soon as it reads that message.
    private void Complete(Operation operation)
    {
        if (_operations.TryRemove(KeyValuePair.Create(operation.Id, operation)))
            Enqueue(new OperationMessage { Id = operation.Id, Type = "complete" });
    }

    private void Fail(Operation operation, IEnumerable<ExecutionError> errors)
    {
        if (_operations.TryRemove(KeyValuePair.Create(operation.Id, operation)))
            Enqueue(new OperationMessage { Id = operation.Id, Type = "error", Payload = errors.ToArray() });
    }

    // ---- Sending -------------------------------------------------------------------------------------------------

    private void Enqueue(OperationMessage message)
    {
        if (Volatile.Read(ref _closing) == 1)
            return;
        if (_outbox.Reader.Count >= OutboxLimit)
        {
            _ = CloseAsync(WsCloseCodes.TryAgainLater, "Too slow: reconnect and resume with afterSeq");
            return;
        }

        // Serialised now, on the caller's thread, so the result is read while it is certainly whole.
        _outbox.Writer.TryWrite(Encoding.UTF8.GetBytes(_serializer.Serialize(message)));
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(_closedToken))
            {
                await _sendLock.WaitAsync(_closedToken);
                try
                {
                    if (Volatile.Read(ref _closing) == 0 && _socket.State == WebSocketState.Open)
                        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _closedToken);
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

    /// <summary>Closes the socket from the server's side; the read loop then waits briefly for the client's close frame.</summary>
    private async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
            return;
        _outbox.Writer.TryComplete();
        try
        {
            if (await _sendLock.WaitAsync(CloseGrace, _closedToken))
            {
                try
                {
                    if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync((WebSocketCloseStatus)code, Shorten(reason, 120), _closedToken);
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

    internal static async Task CloseQuietlyAsync(WebSocket socket, int code, string reason)
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

    private Task Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>At most <paramref name="max"/> characters, and never more than a close reason may hold (123 bytes of UTF-8).</summary>
    private static string Shorten(string text, int max)
    {
        var shortened = text.Length <= max ? text : text[..max] + "...";
        while (Encoding.UTF8.GetByteCount(shortened) > 120)
            shortened = shortened[..(shortened.Length / 2)] + "...";
        return shortened;
    }

    private sealed class Operation : IDisposable
    {
        private readonly CancellationTokenSource _cancellation;

        public Operation(string id, CancellationToken connection)
        {
            Id = id;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(connection);
            Token = _cancellation.Token;
        }

        public string Id { get; }

        public CancellationToken Token { get; }

        public void Cancel()
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already over.
            }
        }

        public void Dispose() => _cancellation.Dispose();
    }
}

/// <summary>Error codes of the live transports, and errors they make themselves.</summary>
public static class LiveErrors
{
    public const string TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS";
    public const string TooManyConnections = "TOO_MANY_CONNECTIONS";

    public static KanbanError Internal() => new(KanbanErrorInfoProvider.Internal, "Something went wrong on our side; nothing was changed.");

    /// <summary>An error that ended a stream, as a GraphQL error (the engine has already given ours their codes).</summary>
    public static ExecutionError From(Exception error) => error as ExecutionError ?? Internal();
}
