using System.Security.Claims;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport.WebSockets;

/// <summary>
/// The graphql-transport-ws protocol (the <c>graphql-ws</c> library's PROTOCOL.md) on one socket: the message envelope,
/// <c>connection_init</c> (once, within the init timeout), <c>ping</c> / <c>pong</c> and keep-alive pings,
/// <c>subscribe</c> and <c>complete</c>. Who the socket is comes from <see cref="WsAuthentication"/>, the running
/// operations from <see cref="WsSubscriptions"/>.
/// </summary>
public sealed class GraphQLWsProtocol : IDisposable
{
    private const int Waiting = 0;
    private const int Initialising = 1;
    private const int Ready = 2;

    private readonly WsConnection _connection;
    private readonly WsAuthentication _authentication;
    private readonly WsSubscriptions _subscriptions;
    private readonly HttpContext _http;
    private readonly WebSocketLimits _limits;
    private readonly IGraphQLTextSerializer _serializer;
    private int _state = Waiting;
    private ClaimsPrincipal? _user;

    public GraphQLWsProtocol(WsConnection connection, HttpContext http, WebSocketLimits limits, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<GraphQLWsProtocol>();
        _connection = connection;
        _http = http;
        _limits = limits;
        _serializer = services.GetRequiredService<IGraphQLTextSerializer>();
        _authentication = new WsAuthentication(connection, http, limits, services, logger);
        _subscriptions = new WsSubscriptions(connection, services.GetRequiredService<RequestRunner>(), services.GetRequiredService<IServiceScopeFactory>(), limits, logger);
    }

    /// <summary>Serves the socket until either side closes it (or the server stops: 1001).</summary>
    public async Task RunAsync(IHostApplicationLifetime lifetime)
    {
        using var stopping = lifetime.ApplicationStopping.Register(() => _ = _connection.CloseAsync(WsCloseCodes.GoingAway, "Server shutting down"));
        _ = _connection.Track(InitTimeoutAsync());
        await _connection.RunAsync(HandleAsync, _subscriptions.StopAll);
    }

    public void Dispose() => _authentication.Dispose();

    private async Task HandleAsync(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            await _connection.CloseAsync(WsCloseCodes.BadRequest, "Invalid message: not JSON");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                await _connection.CloseAsync(WsCloseCodes.BadRequest, "Invalid message: a JSON object with a string 'type' is expected");
                return;
            }

            string? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind != JsonValueKind.String)
                {
                    await _connection.CloseAsync(WsCloseCodes.BadRequest, "Invalid message: 'id' must be a string");
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
                        await _connection.CloseAsync(WsCloseCodes.BadRequest, "Invalid message: connection_init's payload must be an object");
                    else
                        await InitialiseAsync(payload);
                    break;
                case "ping":
                    _connection.Send(payload is { ValueKind: JsonValueKind.Object } ping ? new OperationMessage { Type = "pong", Payload = ping.Clone() } : new OperationMessage { Type = "pong" });
                    break;
                case "pong":
                    break;
                case "subscribe":
                    await SubscribeAsync(id, payload);
                    break;
                case "complete":
                    if (string.IsNullOrEmpty(id))
                        await _connection.CloseAsync(WsCloseCodes.BadRequest, "Invalid message: complete needs an 'id'");
                    else
                        _subscriptions.Stop(id);
                    break;
                default:
                    await _connection.CloseAsync(WsCloseCodes.BadRequest, $"Invalid message: unknown type '{WsConnection.Shorten(typeElement.GetString()!, 40)}'");
                    break;
            }
        }
    }

    private async Task InitialiseAsync(JsonElement? payload)
    {
        if (Interlocked.CompareExchange(ref _state, Initialising, Waiting) != Waiting)
        {
            await _connection.CloseAsync(WsCloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        _user = await _authentication.SignInAsync(payload);
        if (_user is null)
            return;

        Volatile.Write(ref _state, Ready);
        _connection.Send(new OperationMessage { Type = "connection_ack" });
        if (_limits.KeepAliveInterval > TimeSpan.Zero)
            _ = _connection.Track(KeepAliveAsync());
        _authentication.WatchExpiry();
    }

    private async Task SubscribeAsync(string? id, JsonElement? payload)
    {
        if (Volatile.Read(ref _state) != Ready)
        {
            await _connection.CloseAsync(WsCloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (string.IsNullOrEmpty(id))
        {
            await _connection.CloseAsync(WsCloseCodes.BadRequest, "Invalid message: subscribe needs an 'id'");
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
            await _connection.CloseAsync(WsCloseCodes.BadRequest, "Invalid message: subscribe needs a payload with a 'query' (or 'documentId') string");
            return;
        }

        if (!_subscriptions.TryStart(id, request, _user!, _http.Connection.RemoteIpAddress))
            await _connection.CloseAsync(WsCloseCodes.SubscriberAlreadyExists, $"Subscriber for {WsConnection.Shorten(id, 80)} already exists");
    }

    private async Task InitTimeoutAsync()
    {
        try
        {
            await Task.Delay(_limits.ConnectionInitTimeout, _connection.Closed);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (Volatile.Read(ref _state) == Waiting)
            await _connection.CloseAsync(WsCloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
    }

    /// <summary>Sends a <c>ping</c> when the socket has been silent for the keep-alive interval (proxies close idle sockets).</summary>
    private async Task KeepAliveAsync()
    {
        using var timer = new PeriodicTimer(_limits.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_connection.Closed))
            {
                if (_connection.QuietMilliseconds >= _limits.KeepAliveInterval.TotalMilliseconds)
                    _connection.Send(new OperationMessage { Type = "ping" });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
