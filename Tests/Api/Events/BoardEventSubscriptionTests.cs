using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The <c>boardEvents</c> subscription end to end, as a team uses it: one member watches over a WebSocket (or
/// Server-Sent Events) while others change the board over HTTP. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class BoardEventSubscriptionTests(KanbanApp app) : ApiTestBase(app)
{
    public const string Events = """
        subscription($b: ID!, $after: Int) {
          boardEvents(boardId: $b, afterSeq: $after) {
            seq type boardId actor { userId name }
            ... on CardMovedEvent { fromColumnId toColumnId card { id title columnId } }
            ... on MemberChangedEvent { userId role }
          }
        }
        """;

    [Fact]
    public async Task A_member_receives_the_moves_another_member_makes_over_HTTP_in_order()
    {
        var board = await Alice.CreateTeamBoardAsync("Watched board");
        var card = (await Alice.CreateCardAsync(board.BoardId, "Checkout fails")).Str("id");
        var last = await Alice.EventCountAsync(board.BoardId);
        await using var bob = await GraphQLWsClient.ConnectAsAsync(App, "bob");
        await bob.SubscribeAsync("events", Events, new { b = board.BoardId, after = last });

        Assert.Null((await Alice.MoveCardAsync(card, board.ColumnIds[1])).Errors);
        Assert.Null((await Alice.MoveCardAsync(card, board.ColumnIds[2])).Errors);

        var first = await NextEventAsync(bob, "events");
        var second = await NextEventAsync(bob, "events");
        Assert.Equal(("CardMoved", last + 1), (first.Str("type"), (long)first.Number("seq")));
        Assert.Equal(("CardMoved", last + 2), (second.Str("type"), (long)second.Number("seq")));
        Assert.Equal("alice", first.Str("actor.userId"));
        Assert.Equal("Alice", first.Str("actor.name"));
        Assert.Equal(board.BoardId, first.Str("boardId"));
        Assert.Equal("Checkout fails", first.Str("card.title"));
        Assert.Equal(board.ColumnIds[0], first.Str("fromColumnId"));
        Assert.Equal(board.ColumnIds[1], first.Str("card.columnId"));
        Assert.Equal(board.ColumnIds[2], second.Str("toColumnId"));
    }

    [Fact]
    public async Task AfterSeq_replays_the_missed_events_then_continues_live_without_gap_or_duplicate()
    {
        var board = await Alice.CreateTeamBoardAsync("Reconnecting");
        var cards = new List<string>();
        for (var i = 0; i < 3; i++)
            cards.Add((await Alice.CreateCardAsync(board.BoardId, $"Problem {i}")).Str("id"));
        var seen = 2L; // what the client saw before it lost its connection
        await using var bob = await GraphQLWsClient.ConnectAsAsync(App, "bob");

        await bob.SubscribeAsync("resume", Events, new { b = board.BoardId, after = seen });
        // Changes race the replay: some commit while the log is being read, some after.
        var moves = cards.Select((card, i) => App.ClientFor("carol").MoveCardAsync(card, board.ColumnIds[1 + i % 2])).ToList();
        Assert.All(await Task.WhenAll(moves), r => Assert.Null(r.Errors));
        var last = await Alice.EventCountAsync(board.BoardId);

        var seqs = new List<long>();
        while (seqs.Count == 0 || seqs[^1] < last)
            seqs.Add((await NextEventAsync(bob, "resume")).Number("seq"));

        Assert.Equal(Enumerable.Range((int)seen + 1, (int)(last - seen)).Select(s => (long)s), seqs);
        Assert.Null(await bob.ReceiveWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Board_events_are_for_the_boards_members_only()
    {
        var board = await Alice.CreateBoardAsync("Members only");
        await Alice.AddMemberAsync(board.BoardId, "vera", "VIEWER");
        var last = await Alice.EventCountAsync(board.BoardId);
        await using var nina = await GraphQLWsClient.ConnectAsAsync(App, "nina");
        await using var vera = await GraphQLWsClient.ConnectAsAsync(App, "vera");

        await nina.SubscribeAsync("board", Events, new { b = board.BoardId, after = 0 });
        await nina.SubscribeAsync("unknown", Events, new { b = Guid.NewGuid().ToString(), after = 0 });
        await nina.SubscribeAsync("malformed", Events, new { b = "not-an-id", after = 0 });
        await vera.SubscribeAsync("board", Events, new { b = board.BoardId, after = last });
        await Alice.CreateCardAsync(board.BoardId, "Seen by viewers");

        foreach (var id in new[] { "board", "unknown", "malformed" })
        {
            var refused = await nina.ReceiveForAsync(id);
            Assert.Equal("error", refused.Str("type"));
            Assert.Equal("NOT_FOUND", refused.Str("payload.0.extensions.code"));
        }

        Assert.Equal("CardCreated", (await NextEventAsync(vera, "board")).Str("type"));
    }

    [Fact]
    public async Task A_member_removed_from_the_board_gets_FORBIDDEN_and_the_stream_ends()
    {
        var board = await Alice.CreateTeamBoardAsync("Leaving");
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var last = await Alice.EventCountAsync(board.BoardId);
        await using var bob = await GraphQLWsClient.ConnectAsAsync(App, "bob");
        // Replaying the last event shows the subscription is live (it checks membership when it starts).
        await bob.SubscribeAsync("events", Events, new { b = board.BoardId, after = last - 1 });
        Assert.Equal(last, (long)(await NextEventAsync(bob, "events")).Number("seq"));

        await Alice.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "bob" }, "removedUserId");
        await Alice.MoveCardAsync(card, board.ColumnIds[1]);

        var end = await bob.ReceiveForAsync("events");
        Assert.Equal("next", end.Str("type"));
        Assert.Equal("FORBIDDEN", end.Str("payload.errors.0.extensions.code"));
        Assert.Equal("complete", (await bob.ReceiveForAsync("events")).Str("type"));
        // Nothing after it: the move that followed the removal never reaches bob.
        Assert.Null(await bob.ReceiveWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_client_complete_stops_delivery_and_frees_the_id()
    {
        var board = await Alice.CreateTeamBoardAsync("Unsubscribing");
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var last = await Alice.EventCountAsync(board.BoardId);
        await using var bob = await GraphQLWsClient.ConnectAsAsync(App, "bob");
        await bob.SubscribeAsync("a", Events, new { b = board.BoardId, after = last });
        await Alice.MoveCardAsync(card, board.ColumnIds[1]);
        Assert.Equal(last + 1, (long)(await NextEventAsync(bob, "a")).Number("seq"));

        await bob.CompleteAsync("a");
        await bob.SubscribeAsync("b", Events, new { b = board.BoardId, after = last + 1 });
        await Alice.MoveCardAsync(card, board.ColumnIds[2]);

        // "b" sees the second move; "a" sees nothing more, and no complete is sent for it.
        var message = await bob.ReceiveAsync();
        Assert.Equal("b", message.Str("id"));
        Assert.Equal(last + 2, (long)message.Number("payload.data.boardEvents.seq"));
        Assert.Null(await bob.ReceiveWithinAsync(TimeSpan.FromMilliseconds(300)));
        // The id "a" may be used again.
        await bob.SubscribeAsync("a", "{ viewer { id } }");
        Assert.Equal("next", (await bob.ReceiveForAsync("a")).Str("type"));
    }

    [Fact]
    public async Task Server_sent_events_carry_the_same_events_and_end_with_complete()
    {
        var board = await Alice.CreateTeamBoardAsync("Streamed");
        var card = (await Alice.CreateCardAsync(board.BoardId, "Over SSE")).Str("id");
        var last = await Alice.EventCountAsync(board.BoardId);
        await using var stream = await SseResponse.OpenAsync(App.CreateClient(), App.TokenFor("bob"), Events, new { b = board.BoardId, after = last });
        Assert.Equal("text/event-stream", stream.MediaType);

        await Alice.MoveCardAsync(card, board.ColumnIds[1]);
        var moved = await stream.NextEventAsync();
        await Alice.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "bob" }, "removedUserId");

        Assert.Equal("next", moved.Name);
        Assert.Equal("CardMoved", moved.Json.Str("data.boardEvents.type"));
        Assert.Equal(last + 1, (long)moved.Json.Number("data.boardEvents.seq"));
        Assert.Equal("Over SSE", moved.Json.Str("data.boardEvents.card.title"));
        Assert.Equal("alice", moved.Json.Str("data.boardEvents.actor.userId"));
        var removed = await stream.NextEventAsync();
        Assert.Equal("next", removed.Name);
        Assert.Equal("FORBIDDEN", removed.Json.Str("errors.0.extensions.code"));
        Assert.Equal(new SseEvent("complete", ""), await stream.NextEventAsync());
        Assert.Null(await stream.ReadEventAsync(SseResponse.Timeout));
    }

    /// <summary>The next <c>next</c> message of an operation, as its <c>boardEvents</c> object (errors fail the test).</summary>
    private static async Task<JsonElement> NextEventAsync(GraphQLWsClient client, string id)
    {
        var message = await client.ReceiveForAsync(id);
        Assert.True(message.Str("type") == "next" && !message.GetProperty("payload").TryGetProperty("errors", out _), message.GetRawText());
        return message.At("payload.data.boardEvents");
    }
}

public sealed class SqliteBoardEventSubscriptionTests(SqliteApp app) : BoardEventSubscriptionTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresBoardEventSubscriptionTests(PostgresApp app) : BoardEventSubscriptionTests(app), IClassFixture<PostgresApp>;
