namespace KanbanCustomer.Tests.Support;

/// <summary>Sockets to the in-memory test server (its WebSocket client), for the API tests.</summary>
public sealed partial class GraphQLWsClient
{
    /// <summary>Opens a socket to /graphql offering <paramref name="subProtocols"/> (default: graphql-transport-ws).</summary>
    public static async Task<GraphQLWsClient> ConnectAsync(KanbanApp app, string? origin = null, params string[] subProtocols)
    {
        var client = app.Server.CreateWebSocketClient();
        foreach (var protocol in subProtocols.Length == 0 ? [SubProtocol] : subProtocols)
            client.SubProtocols.Add(protocol);
        if (origin is not null)
            client.ConfigureRequest = request => request.Headers.Origin = origin;
        using var timeout = new CancellationTokenSource(Timeout);
        return new GraphQLWsClient(await client.ConnectAsync(new Uri("ws://localhost/graphql"), timeout.Token), TestContext.Current.CancellationToken);
    }

    /// <summary>Connects and completes connection_init / connection_ack with the user's token.</summary>
    public static async Task<GraphQLWsClient> ConnectAsAsync(KanbanApp app, string userId)
    {
        var client = await ConnectAsync(app);
        await client.InitAsync(app.TokenFor(userId));
        return client;
    }
}
