namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Limits of the WebSocket transport (graphql-transport-ws), under <c>GraphQL:WebSocket:</c> in configuration
/// (README, Live updates).
/// </summary>
public sealed class WebSocketLimits
{
    /// <summary>Largest message a client may send, in bytes; a bigger one closes the socket with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Most operations (subscriptions, queries, mutations) running at once on one socket.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 20;

    /// <summary>
    /// Most live connections of one user on this instance: acknowledged WebSockets plus open SSE subscription streams.
    /// One more is refused (WebSocket: close 1008 at <c>connection_init</c>; SSE: 429).
    /// </summary>
    public int MaxConnectionsPerUser { get; set; } = 10;

    /// <summary>How long a new socket may take to send <c>connection_init</c> before it is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a socket may stay silent before the server sends a <c>ping</c>; zero turns server pings off.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Origins a browser may open a socket from (<c>scheme://host[:port]</c>, <c>scheme://host:*</c> for any port, or
    /// <c>*</c>). A handshake without an Origin header (not a browser) is always allowed.
    /// Default: none outside Development; <c>http://localhost:*</c> and <c>http://127.0.0.1:*</c> in Development.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    internal IEnumerable<string> Problems()
    {
        if (MaxMessageBytes < 1) yield return "WebSocket:MaxMessageBytes";
        if (MaxSubscriptionsPerConnection < 1) yield return "WebSocket:MaxSubscriptionsPerConnection";
        if (MaxConnectionsPerUser < 1) yield return "WebSocket:MaxConnectionsPerUser";
        if (ConnectionInitTimeout <= TimeSpan.Zero) yield return "WebSocket:ConnectionInitTimeout";
        if (KeepAliveInterval < TimeSpan.Zero) yield return "WebSocket:KeepAliveInterval";
    }
}

/// <summary>Settings of the Server-Sent Events transport (graphql-sse), under <c>GraphQL:Sse:</c>.</summary>
public sealed class SseLimits
{
    /// <summary>How long a stream may stay silent before the server writes a comment line; zero turns them off.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    internal IEnumerable<string> Problems()
    {
        if (KeepAliveInterval < TimeSpan.Zero) yield return "Sse:KeepAliveInterval";
    }
}
