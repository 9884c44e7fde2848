using System.Globalization;
using System.Net.WebSockets;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Infrastructure.Events;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The WebSocket transport with small limits, so each is cheap to reach; browsers on one origin only; a server ping
/// after 100 ms of silence.
/// </summary>
public sealed class SmallWebSocketLimitsApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int MaxSubscriptions = 2;
    public const int MaxConnections = 2;
    public const int MaxMessageBytes = 2_000;
    public const string AllowedOrigin = "https://board.example";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:WebSocket:MaxSubscriptionsPerConnection"] = Text(MaxSubscriptions),
        ["GraphQL:WebSocket:MaxConnectionsPerUser"] = Text(MaxConnections),
        ["GraphQL:WebSocket:MaxMessageBytes"] = Text(MaxMessageBytes),
        ["GraphQL:WebSocket:AllowedOrigins:0"] = AllowedOrigin,
        ["GraphQL:WebSocket:AllowedOrigins:1"] = "http://localhost:*",
        ["GraphQL:WebSocket:KeepAliveInterval"] = "00:00:00.1",
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A two-second execution timeout, which must not end a subscription that lives longer.</summary>
public sealed class ShortTimeoutApp() : KanbanApp(new SqliteTestDatabase())
{
    public static readonly TimeSpan ExecutionTimeout = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:ExecutionTimeout"] = "00:00:02" };
}

/// <summary>A socket must say connection_init within a fifth of a second.</summary>
public sealed class TinyInitTimeoutApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:WebSocket:ConnectionInitTimeout"] = "00:00:00.2" };
}

/// <summary>
/// graphql-transport-ws as a client meets it: the handshake, connection_init and its token, every close code, pings,
/// limits, operations multiplexed by id. The database does not matter here, so these run on SQLite only; events end to
/// end, on both databases, are in <see cref="BoardEventSubscriptionTests"/>.
/// </summary>
public sealed class WebSocketTests(SqliteApp app, SmallWebSocketLimitsApp small, TinyInitTimeoutApp impatient, TinyRateLimitApp rateLimited, ShortTimeoutApp shortTimeout)
    : ApiTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallWebSocketLimitsApp>, IClassFixture<TinyInitTimeoutApp>, IClassFixture<TinyRateLimitApp>,
      IClassFixture<ShortTimeoutApp>
{
    private const string BoardEvents = "subscription($b: ID!) { boardEvents(boardId: $b) { seq type } }";

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
    public async Task A_second_subscribe_with_an_id_in_use_is_closed_with_4409()
    {
        var board = await Alice.CreateBoardAsync("Duplicate ids");
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        // Both sent at once: the first is still starting when the second arrives.
        await client.SubscribeAsync("same", BoardEvents, new { b = board.BoardId });
        await client.SubscribeAsync("same", BoardEvents, new { b = board.BoardId });

        Assert.Equal((4409, "Subscriber for same already exists"), await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task An_id_is_free_again_once_its_operation_completed()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        for (var i = 0; i < 3; i++)
        {
            await client.SubscribeAsync("again", "{ viewer { id } }");
            Assert.Equal("next", (await client.ReceiveForAsync("again")).Str("type"));
            Assert.Equal("complete", (await client.ReceiveForAsync("again")).Str("type"));
        }
    }

    public static TheoryData<string, string> InvalidMessages() => new()
    {
        { "not JSON at all", "not JSON" },
        { "[1, 2, 3]", "string 'type'" },
        { "{\"type\": 5}", "string 'type'" },
        { "{\"type\": \"shout\"}", "unknown type" },
        { "{\"type\": \"connection_ack\"}", "unknown type" },
        { "{\"type\": \"next\", \"id\": \"1\", \"payload\": {}}", "unknown type" },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public async Task An_invalid_message_is_closed_with_4400(string text, string reason)
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SendTextAsync(text);

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4400, close.Status);
        Assert.Contains(reason, close.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string> InvalidSubscribes() => new()
    {
        "{\"type\": \"subscribe\", \"payload\": {\"query\": \"{ viewer { id } }\"}}",
        "{\"type\": \"subscribe\", \"id\": \"\", \"payload\": {\"query\": \"{ viewer { id } }\"}}",
        "{\"type\": \"subscribe\", \"id\": 7, \"payload\": {\"query\": \"{ viewer { id } }\"}}",
        "{\"type\": \"subscribe\", \"id\": \"1\"}",
        "{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {}}",
        "{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": 42}}",
        "{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"{ viewer { id } }\", \"variables\": [1]}}",
        "{\"type\": \"complete\"}",
    };

    [Theory]
    [MemberData(nameof(InvalidSubscribes))]
    public async Task A_malformed_subscribe_or_complete_after_the_acknowledgement_is_closed_with_4400(string text)
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        await client.SendTextAsync(text);

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task A_binary_frame_is_closed_with_4400()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_before_and_after_the_acknowledgement()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).Str("type"));

        await client.InitAsync(App.TokenFor("alice"));
        await client.SendAsync(new { type = "ping", payload = new { at = 42 } });
        var pong = await client.ReceiveAsync();
        Assert.Equal("pong", pong.Str("type"));
        Assert.Equal(42, pong.Number("payload.at"));
    }

    [Fact]
    public async Task A_query_over_the_socket_answers_next_then_complete()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        await client.SubscribeAsync("q", "{ viewer { userId name } }");

        var next = await client.ReceiveForAsync("q");
        Assert.Equal("next", next.Str("type"));
        Assert.Equal("alice", next.Str("payload.data.viewer.userId"));
        Assert.Equal("complete", (await client.ReceiveForAsync("q")).Str("type"));
    }

    [Fact]
    public async Task A_mutation_over_the_socket_is_made_by_the_sockets_user()
    {
        var board = await Alice.CreateBoardAsync("Written over a socket");
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        await client.SubscribeAsync("m", "mutation($b: ID!) { createCard(input: { boardId: $b, title: \"From a socket\" }) { card { id title } } }", new { b = board.BoardId });

        var next = await client.ReceiveForAsync("m");
        Assert.Equal("From a socket", next.Str("payload.data.createCard.card.title"));
        Assert.Equal("complete", (await client.ReceiveForAsync("m")).Str("type"));
        var events = await Alice.DataAsync("query($b: ID!) { boardEvents(boardId: $b) { nodes { type actor { userId } } } }", new { b = board.BoardId });
        var created = events.Nodes("boardEvents").Single(e => e.Str("type") == "CardCreated");
        Assert.Equal("alice", created.Str("actor.userId"));
    }

    [Fact]
    public async Task A_document_that_does_not_validate_is_an_error_message_with_its_code()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        await client.SubscribeAsync("bad", "{ viewer { nope } }");

        var error = await client.ReceiveForAsync("bad");
        Assert.Equal("error", error.Str("type"));
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.Str("payload.0.extensions.code"));
        // The operation is over: no complete follows an error; the socket stays usable.
        await client.SubscribeAsync("next", "{ viewer { id } }");
        Assert.Equal("next", (await client.ReceiveAsync()).Str("type"));
    }

    [Fact]
    public async Task The_endpoints_limits_apply_over_the_socket()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");
        // 13 levels (a connection's nodes is a level of its own); at most 12 are allowed.
        var deep = "{ boards(first: 1) { nodes { columns { cards(first: 1) { nodes { column { cards(first: 1) { nodes { column { cards(first: 1) { nodes { column { id } } } } } } } } } } } } }";

        await client.SubscribeAsync("deep", deep);
        await client.SubscribeAsync("long", "{ viewer { id } }" + new string(' ', 20_001));

        Assert.Equal("DEPTH_LIMIT_EXCEEDED", (await client.ReceiveForAsync("deep")).Str("payload.0.extensions.code"));
        Assert.Equal("QUERY_TOO_LONG", (await client.ReceiveForAsync("long")).Str("payload.0.extensions.code"));
    }

    [Fact]
    public async Task A_duplicate_id_of_many_bytes_still_closes_with_4409()
    {
        var board = await Alice.CreateBoardAsync("Long ids");
        var id = new string('\u00e9', 500);
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        await client.SubscribeAsync(id, BoardEvents, new { b = board.BoardId });
        await client.SubscribeAsync(id, BoardEvents, new { b = board.BoardId });

        Assert.Equal(4409, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task A_non_member_subscribing_to_a_board_gets_an_error_with_NOT_FOUND()
    {
        var board = await Alice.CreateBoardAsync("Private");
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "mallory");

        await client.SubscribeAsync("s", BoardEvents, new { b = board.BoardId });

        var error = await client.ReceiveForAsync("s");
        Assert.Equal("error", error.Str("type"));
        Assert.Equal("NOT_FOUND", error.Str("payload.0.extensions.code"));
        Assert.DoesNotContain("Private", error.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_beyond_the_limit_per_connection_gets_TOO_MANY_SUBSCRIPTIONS()
    {
        var board = await small.ClientFor("alice").CreateBoardAsync("Busy");
        await using var client = await GraphQLWsClient.ConnectAsAsync(small, "alice");
        for (var i = 0; i < SmallWebSocketLimitsApp.MaxSubscriptions; i++)
            await client.SubscribeAsync($"s{i}", BoardEvents, new { b = board.BoardId });

        await client.SubscribeAsync("extra", BoardEvents, new { b = board.BoardId });

        var error = await client.ReceiveForAsync("extra");
        Assert.Equal("error", error.Str("type"));
        Assert.Equal("TOO_MANY_SUBSCRIPTIONS", error.Str("payload.0.extensions.code"));

        // Completing one makes room for another.
        await client.CompleteAsync("s0");
        await client.SubscribeAsync("q", "{ viewer { id } }");
        Assert.Equal("next", (await client.ReceiveForAsync("q")).Str("type"));
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_closed_with_1009()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(small, "alice");

        await client.SubscribeAsync("big", "{ viewer { id } }" + new string(' ', SmallWebSocketLimitsApp.MaxMessageBytes));

        Assert.Equal(1009, (await client.ReceiveCloseAsync()).Status);
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
        await using var client = await GraphQLWsClient.ConnectAsync(small, origin);

        await client.InitAsync(small.TokenFor("alice"));
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

    [Fact]
    public async Task Operations_over_the_socket_count_against_the_users_rate_limit()
    {
        var user = "chatty-" + Guid.NewGuid().ToString("N");
        await using var client = await GraphQLWsClient.ConnectAsAsync(rateLimited, user);
        for (var i = 0; i < TinyRateLimitApp.PermitLimit; i++)
        {
            await client.SubscribeAsync($"q{i}", "{ viewer { id } }");
            Assert.Equal("next", (await client.ReceiveForAsync($"q{i}")).Str("type"));
        }

        await client.SubscribeAsync("over", "{ viewer { id } }");

        var error = await client.ReceiveForAsync("over");
        Assert.Equal("error", error.Str("type"));
        Assert.Equal("RATE_LIMITED", error.Str("payload.0.extensions.code"));
        // The socket's operations and the user's HTTP requests share one window.
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, (await rateLimited.ClientFor(user).SendAsync("{ viewer { id } }")).Status);
    }

    [Fact]
    public async Task Closing_the_socket_ends_its_subscriptions_and_leaves_no_listener_behind()
    {
        var board = await Alice.CreateBoardAsync("Leak check");
        var bus = (LocalDispatchBus)App.Services.GetRequiredService<IBoardEventBus>();
        var before = bus.SubscriberCount;
        var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");
        await client.SubscribeAsync("a", BoardEvents, new { b = board.BoardId });
        await client.SubscribeAsync("b", "subscription($b: ID!) { boardEvents(boardId: $b, afterSeq: 0) { seq } }", new { b = board.BoardId });
        Assert.Equal("next", (await client.ReceiveForAsync("b")).Str("type"));
        Assert.True(bus.SubscriberCount >= before + 2, $"{bus.SubscriberCount} listeners, expected {before + 2}");

        await client.DisposeAsync();

        await Eventually(() => bus.SubscriberCount == before);
    }

    [Fact]
    public async Task Operations_of_one_socket_run_side_by_side_and_answer_by_id()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(App, "alice");

        for (var i = 0; i < 5; i++)
            await client.SubscribeAsync($"q{i}", "{ viewer { id } boards { nodes { id } } }");

        var seen = new Dictionary<string, List<string>>();
        for (var i = 0; i < 10; i++)
        {
            var message = await client.ReceiveAsync();
            if (!seen.TryGetValue(message.Str("id"), out var types))
                seen[message.Str("id")] = types = [];
            types.Add(message.Str("type"));
        }

        Assert.Equal(5, seen.Count);
        Assert.All(seen.Values, types => Assert.Equal(["next", "complete"], types));
    }

    [Fact]
    public async Task A_quiet_socket_gets_server_pings()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(small, "alice");

        Assert.Null(await client.ReceiveWithinAsync(TimeSpan.FromMilliseconds(500)));

        Assert.True(client.Pings >= 2, $"{client.Pings} pings");
    }

    [Fact]
    public async Task A_subscription_outlives_the_execution_timeout()
    {
        var alice = shortTimeout.ClientFor("alice");
        // A cold server may need longer than the timeout for its very first requests.
        var board = await Retry(() => alice.CreateBoardAsync("Long-lived"));
        var last = await Retry(() => alice.EventCountAsync(board.BoardId));
        await using var client = await GraphQLWsClient.ConnectAsAsync(shortTimeout, "alice");
        await client.SubscribeAsync("s", "subscription($b: ID!, $a: Int) { boardEvents(boardId: $b, afterSeq: $a) { seq } }", new { b = board.BoardId, a = last });

        Assert.Null(await client.ReceiveWithinAsync(ShortTimeoutApp.ExecutionTimeout + TimeSpan.FromSeconds(0.5)));
        await alice.CreateCardAsync(board.BoardId);

        var next = await client.ReceiveForAsync("s");
        Assert.Equal(last + 1, (long)next.Number("payload.data.boardEvents.seq"));
    }

    private static async Task<T> Retry<T>(Func<Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception) when (attempt < 3)
            {
            }
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + GraphQLWsClient.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The condition did not become true within the timeout.");
            await Task.Delay(20);
        }
    }
}
