using GraphQL;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Common;
using Microsoft.Extensions.Options;

using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport.WebSockets;

/// <summary>The close codes of the graphql-transport-ws protocol, plus the standard ones this server uses.</summary>
public static class WsCloseCodes
{
    public const int Normal = 1000;
    public const int GoingAway = 1001;
    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;
    public const int TryAgainLater = 1013;
    public const int BadRequest = 4400;
    public const int Unauthorized = 4401;
    public const int Forbidden = 4403;
    public const int SubprotocolNotAcceptable = 4406;
    public const int ConnectionInitialisationTimeout = 4408;
    public const int SubscriberAlreadyExists = 4409;
    public const int TooManyInitialisationRequests = 4429;
    public const int InternalServerError = 4500;
}

/// <summary>
/// The WebSocket handshake on the GraphQL path: the Origin must be allowed (403 otherwise), and the socket speaks
/// <c>graphql-transport-ws</c> only (a client offering no such subprotocol is closed with 4406).
/// </summary>
public static class GraphQLWebSocket
{
    public const string SubProtocol = "graphql-transport-ws";

    public static async Task HandleAsync(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (!http.RequestServices.GetRequiredService<OriginPolicy>().Allows(origin))
        {
            await GraphQLHttpEndpoint.WriteErrorAsync(http, StatusCodes.Status403Forbidden, GraphQLHttpEndpoint.Json, ErrorCodes.Forbidden,
                $"WebSockets from the origin '{origin}' are not allowed (GraphQL:WebSocket:AllowedOrigins).");
            return;
        }

        var offered = http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(offered ? SubProtocol : null);
        if (!offered)
        {
            await WsConnection.CloseQuietlyAsync(socket, WsCloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable: use graphql-transport-ws");
            return;
        }

        var services = http.RequestServices;
        var limits = services.GetRequiredService<IOptions<GraphQLLimits>>().Value.WebSocket;
        using var connection = new WsConnection(socket, limits, services.GetRequiredService<IGraphQLTextSerializer>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<WsConnection>(), http.RequestAborted);
        using var protocol = new GraphQLWsProtocol(connection, http, limits, services);
        await protocol.RunAsync(services.GetRequiredService<IHostApplicationLifetime>());
    }
}
