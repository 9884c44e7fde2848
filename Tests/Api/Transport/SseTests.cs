using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KanbanCustomer.Infrastructure.Events;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>Two live connections per user, and a keep-alive comment every 50 ms.</summary>
public sealed class SmallSseLimitsApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int MaxConnections = 2;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:WebSocket:MaxConnectionsPerUser"] = MaxConnections.ToString(CultureInfo.InvariantCulture),
        ["GraphQL:Sse:KeepAliveInterval"] = "00:00:00.05",
    };
}

/// <summary>
/// GraphQL over Server-Sent Events (graphql-sse, distinct connections mode) as a client meets it: what runs, what is
/// refused before the stream (plain JSON with a 4xx), what the engine answers inside it, and how a stream ends.
/// Events end to end, on both databases, are in <see cref="BoardEventSubscriptionTests"/>. SQLite only.
/// </summary>
public sealed class SseTests(SqliteApp app, SmallSseLimitsApp small, TinyRateLimitApp rateLimited)
    : ApiTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallSseLimitsApp>, IClassFixture<TinyRateLimitApp>
{
    private const string BoardEvents = "subscription($b: ID!) { boardEvents(boardId: $b) { seq type } }";

    [Fact]
    public async Task A_query_is_one_next_event_then_complete()
    {
        await using var stream = await SseResponse.OpenAsync(App.CreateClient(), App.TokenFor("alice"), "{ viewer { userId } }");

        Assert.Equal(HttpStatusCode.OK, stream.Status);
        Assert.Equal("text/event-stream", stream.MediaType);
        Assert.Equal("no-cache", stream.Response.Headers.CacheControl?.ToString());
        var next = await stream.NextEventAsync();
        Assert.Equal("next", next.Name);
        Assert.Equal("alice", next.Json.Str("data.viewer.userId"));
        Assert.Equal(new SseEvent("complete", ""), await stream.NextEventAsync());
        Assert.Null(await stream.ReadEventAsync(SseResponse.Timeout));
    }

    [Fact]
    public async Task The_complete_event_carries_an_empty_data_field_for_EventSource()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"{ viewer { userId } }\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", App.TokenFor("alice"));
        using var timeout = new CancellationTokenSource(SseResponse.Timeout);

        using var response = await App.CreateClient().SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.StartsWith("event: next\ndata: {\"data\":{\"viewer\":{\"userId\":\"alice\"}}}\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\nevent: complete\ndata:\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mutation_runs_over_a_POST_event_stream()
    {
        var board = await Alice.CreateBoardAsync("Written over SSE");

        await using var stream = await SseResponse.OpenAsync(App.CreateClient(), App.TokenFor("alice"),
            "mutation($b: ID!) { createCard(input: { boardId: $b, title: \"Via SSE\" }) { card { title } } }", new { b = board.BoardId });

        Assert.Equal("Via SSE", (await stream.NextEventAsync()).Json.Str("data.createCard.card.title"));
        Assert.Equal("complete", (await stream.NextEventAsync()).Name);
        Assert.Single((await Alice.BoardAsync(board.BoardId, "cards { nodes { id } }")).Nodes("cards"));
    }

    [Fact]
    public async Task A_GET_event_stream_runs_queries_and_subscriptions_but_not_mutations()
    {
        var board = await Alice.CreateBoardAsync("Read over GET");
        var client = App.CreateClient();
        var token = App.TokenFor("alice");

        await using (var query = await SseResponse.OpenAsync(client, token, "{ viewer { userId } }", method: HttpMethod.Get))
            Assert.Equal("alice", (await query.NextEventAsync()).Json.Str("data.viewer.userId"));
        await using (var subscription = await SseResponse.OpenAsync(client, token,
            "subscription($b: ID!) { boardEvents(boardId: $b, afterSeq: 0) { seq } }", new { b = board.BoardId }, HttpMethod.Get))
        {
            Assert.Equal(1, (await subscription.NextEventAsync()).Json.Number("data.boardEvents.seq"));
        }

        await using var mutation = await SseResponse.OpenAsync(client, token, "mutation { createBoard(input: { name: \"Nope\" }) { board { id } } }", method: HttpMethod.Get);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.Status);
        Assert.Equal("METHOD_NOT_ALLOWED", (await mutation.BodyAsync()).ErrorCode);
    }

    [Fact]
    public async Task A_subscription_POSTed_for_a_JSON_answer_is_still_refused_with_STREAM_REQUIRED()
    {
        var board = await Alice.CreateBoardAsync("Not a stream");

        var response = await Alice.SendAsync(BoardEvents, new { b = board.BoardId });

        Assert.Equal("STREAM_REQUIRED", response.ErrorCode);
    }

    [Fact]
    public async Task Without_a_token_the_stream_is_refused_with_401_JSON()
    {
        await using var stream = await SseResponse.OpenAsync(App.CreateClient(), null, "{ viewer { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, stream.Status);
        Assert.Equal("application/json", stream.MediaType);
        Assert.Equal("Bearer", stream.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("UNAUTHENTICATED", (await stream.BodyAsync()).ErrorCode);
    }

    [Fact]
    public async Task A_body_that_is_not_a_GraphQL_request_is_refused_with_400_JSON()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"nothing\": 1}", Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", App.TokenFor("alice"));

        var response = await Alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("BAD_REQUEST", response.ErrorCode);
    }

    /// <summary>graphql-sse asks for validation errors inside an accepted stream, so that an EventSource can read them.</summary>
    [Theory]
    [InlineData("{ viewer { nope } }", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("{ viewer { id ", "GRAPHQL_PARSE_FAILED")]
    public async Task A_document_that_cannot_run_is_a_next_event_with_its_errors_then_complete(string query, string code)
    {
        await using var stream = await SseResponse.OpenAsync(App.CreateClient(), App.TokenFor("alice"), query);

        Assert.Equal(HttpStatusCode.OK, stream.Status);
        var next = await stream.NextEventAsync();
        Assert.Equal(code, next.Json.Str("errors.0.extensions.code"));
        Assert.Equal("complete", (await stream.NextEventAsync()).Name);
    }

    [Fact]
    public async Task A_non_member_subscribing_gets_NOT_FOUND_in_the_stream_then_complete()
    {
        var board = await Alice.CreateBoardAsync("Not yours");

        await using var stream = await SseResponse.OpenAsync(App.CreateClient(), App.TokenFor("mallory"), BoardEvents, new { b = board.BoardId });

        Assert.Equal("NOT_FOUND", (await stream.NextEventAsync()).Json.Str("errors.0.extensions.code"));
        Assert.Equal("complete", (await stream.NextEventAsync()).Name);
    }

    [Fact]
    public async Task A_client_that_disconnects_leaves_no_listener_behind()
    {
        var board = await Alice.CreateBoardAsync("Hung up");
        var bus = (LocalDispatchBus)App.Services.GetRequiredService<IBoardEventBus>();
        var before = bus.SubscriberCount;
        var stream = await SseResponse.OpenAsync(App.CreateClient(), App.TokenFor("alice"),
            "subscription($b: ID!) { boardEvents(boardId: $b, afterSeq: 0) { seq } }", new { b = board.BoardId });
        await stream.NextEventAsync();
        Assert.Equal(before + 1, bus.SubscriberCount);

        await stream.DisposeAsync();

        await Eventually(() => bus.SubscriberCount == before);
    }

    [Fact]
    public async Task A_quiet_stream_gets_keep_alive_comments_and_still_delivers()
    {
        var alice = small.ClientFor("alice");
        var board = await alice.CreateBoardAsync("Quiet");
        var last = await alice.EventCountAsync(board.BoardId);
        await using var stream = await SseResponse.OpenAsync(small.CreateClient(), small.TokenFor("alice"),
            "subscription($b: ID!, $a: Int) { boardEvents(boardId: $b, afterSeq: $a) { seq } }", new { b = board.BoardId, a = last });

        Assert.Null(await stream.ReadEventWithinAsync(TimeSpan.FromMilliseconds(300)));
        await alice.CreateCardAsync(board.BoardId);

        Assert.Equal(last + 1, (long)(await stream.NextEventAsync()).Json.Number("data.boardEvents.seq"));
        Assert.True(stream.Comments >= 2, $"{stream.Comments} keep-alive comments");
    }

    [Fact]
    public async Task Subscription_streams_beyond_the_users_connection_limit_are_refused_with_429()
    {
        var user = "streamer-" + Guid.NewGuid().ToString("N");
        var board = await small.ClientFor(user).CreateBoardAsync("Popular");
        var open = new List<SseResponse>();
        for (var i = 0; i < SmallSseLimitsApp.MaxConnections; i++)
            open.Add(await SseResponse.OpenAsync(small.CreateClient(), small.TokenFor(user), BoardEvents, new { b = board.BoardId }));

        await using (var extra = await SseResponse.OpenAsync(small.CreateClient(), small.TokenFor(user), BoardEvents, new { b = board.BoardId }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, extra.Status);
            Assert.Equal("TOO_MANY_CONNECTIONS", (await extra.BodyAsync()).ErrorCode);
        }

        // A query is no live connection, and WebSockets share the count.
        await using (var query = await SseResponse.OpenAsync(small.CreateClient(), small.TokenFor(user), "{ viewer { id } }"))
            Assert.Equal(HttpStatusCode.OK, query.Status);
        await using (var socket = await GraphQLWsClient.ConnectAsync(small))
        {
            await socket.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + small.TokenFor(user) } });
            Assert.Equal(1008, (await socket.ReceiveCloseAsync()).Status);
        }

        foreach (var stream in open)
            await stream.DisposeAsync();
    }

    [Fact]
    public async Task The_rate_limit_applies_to_event_streams()
    {
        var user = "eager-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < TinyRateLimitApp.PermitLimit; i++)
        {
            await using var allowed = await SseResponse.OpenAsync(rateLimited.CreateClient(), rateLimited.TokenFor(user), "{ viewer { id } }");
            Assert.Equal(HttpStatusCode.OK, allowed.Status);
        }

        await using var refused = await SseResponse.OpenAsync(rateLimited.CreateClient(), rateLimited.TokenFor(user), "{ viewer { id } }");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("application/json", refused.MediaType);
        Assert.Equal("RATE_LIMITED", (await refused.BodyAsync()).ErrorCode);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + SseResponse.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The condition did not become true within the timeout.");
            await Task.Delay(20);
        }
    }
}
