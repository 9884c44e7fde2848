using System.Net.WebSockets;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// graphql-transport-ws messages after the handshake: ids in use, invalid messages and frames, pings, the size limit.
/// </summary>
public sealed class WebSocketProtocolTests(SqliteApp app, SmallWebSocketLimitsApp small)
    : WebSocketTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallWebSocketLimitsApp>
{
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
    public async Task A_message_over_the_size_limit_is_closed_with_1009()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(small, "alice");

        await client.SubscribeAsync("big", "{ viewer { id } }" + new string(' ', SmallWebSocketLimitsApp.MaxMessageBytes));

        Assert.Equal(1009, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task A_quiet_socket_gets_server_pings()
    {
        await using var client = await GraphQLWsClient.ConnectAsAsync(small, "alice");

        Assert.Null(await client.ReceiveWithinAsync(TimeSpan.FromMilliseconds(500)));

        Assert.True(client.Pings >= 2, $"{client.Pings} pings");
    }
}
