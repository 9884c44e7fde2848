using KanbanCustomer.Infrastructure.Events;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Operations over the socket: queries, mutations and subscriptions multiplexed by id, and the limits they meet.
/// </summary>
public sealed class WebSocketOperationTests(SqliteApp app, SmallWebSocketLimitsApp small, TinyRateLimitApp rateLimited, ShortTimeoutApp shortTimeout)
    : WebSocketTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallWebSocketLimitsApp>, IClassFixture<TinyRateLimitApp>, IClassFixture<ShortTimeoutApp>
{
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
}
