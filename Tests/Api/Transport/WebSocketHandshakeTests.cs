using KanbanCustomer.Api.Auth;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// graphql-transport-ws: the handshake and its origins, connection_init and its token, and the connection limit.
/// </summary>
public sealed class WebSocketHandshakeTests(SqliteApp app, SmallWebSocketLimitsApp small, TinyInitTimeoutApp impatient)
    : WebSocketTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallWebSocketLimitsApp>, IClassFixture<TinyInitTimeoutApp>
{
    [Fact]
    public async Task A_valid_connection_init_is_acknowledged_on_the_graphql_transport_ws_subprotocol()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        Assert.Equal("graphql-transport-ws", client.Socket.SubProtocol);
        await client.InitAsync(App.TokenFor("alice"));
    }

    [Fact]
    public async Task A_client_without_the_subprotocol_is_closed_with_4406()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App, null, "graphql-ws");

        var (status, _) = await client.ReceiveCloseAsync();

        Assert.Equal(4406, status);
    }

    public static TheoryData<string> BadAuthorizations() => new()
    {
        "Bearer not-a-token",
        "Bearer a.b.c",
        "Basic YWxpY2U6c2VjcmV0",
        "",
    };

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task A_bad_token_in_connection_init_is_closed_with_4403(string authorization)
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization } });

        var (status, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4403, status);
        Assert.StartsWith("Forbidden", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_init_without_a_payload_is_closed_with_4403()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal(4403, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task An_expired_token_is_closed_with_4403()
    {
        var expired = TokenIssuer.Issue(App.Auth, "alice", "Alice", TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1));
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + expired } });

        var (status, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4403, status);
        Assert.Contains("expired", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_token_without_a_subject_is_closed_with_4403()
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = KanbanApp.Issuer,
            Claims = new Dictionary<string, object> { ["name"] = "Nobody" },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(App.Auth.SigningKey, SecurityAlgorithms.HmacSha256),
        });
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });

        Assert.Equal(4403, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Subscribe_before_the_acknowledgement_is_closed_with_4401()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SubscribeAsync("1", "{ viewer { id } }");

        Assert.Equal((4401, "Unauthorized"), await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_socket_that_never_says_connection_init_is_closed_with_4408()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(impatient);

        Assert.Equal(4408, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task A_second_connection_init_is_closed_with_4429()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + App.TokenFor("alice") } });

        Assert.Equal(4429, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task A_handshake_from_an_origin_that_is_not_allowed_is_refused_with_403()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GraphQLWsClient.ConnectAsync(small, "https://evil.example"));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmallWebSocketLimitsApp.AllowedOrigin)]
    [InlineData("http://localhost:5173")]
    [InlineData(null)]
    public async Task A_handshake_from_an_allowed_origin_or_without_one_is_accepted(string? origin)
    {
        // A user of its own: this fixture allows two connections per user, and the server frees the
        // slots of the other cases' closed sockets a moment after they close.
        await using var client = await GraphQLWsClient.ConnectAsync(small, origin);

        await client.InitAsync(small.TokenFor("origin-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task Outside_Development_no_browser_origin_is_allowed_by_default()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GraphQLWsClient.ConnectAsync(App, "http://localhost:3000"));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_over_the_connection_limit_is_closed_with_1008_and_a_closed_socket_frees_its_slot()
    {
        var user = "many-" + Guid.NewGuid().ToString("N");
        var open = new List<GraphQLWsClient>();
        for (var i = 0; i < SmallWebSocketLimitsApp.MaxConnections; i++)
            open.Add(await GraphQLWsClient.ConnectAsAsync(small, user));

        await using (var extra = await GraphQLWsClient.ConnectAsync(small))
        {
            await extra.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + small.TokenFor(user) } });
            Assert.Equal(1008, (await extra.ReceiveCloseAsync()).Status);
        }

        await open[0].DisposeAsync();
        var connections = small.Services.GetRequiredService<KanbanCustomer.Api.Transport.LiveConnections>();
        await Eventually(() => connections.CountFor(user) < SmallWebSocketLimitsApp.MaxConnections);
        await using var again = await GraphQLWsClient.ConnectAsAsync(small, user);
        foreach (var client in open.Skip(1))
            await client.DisposeAsync();
    }
}
