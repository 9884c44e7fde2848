using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>The live <c>viewerNotifications</c> stream over WebSocket and Server-Sent Events, with its resume point.</summary>
public abstract partial class NotificationTests
{
    public const string Stream = "subscription($after: ID) { viewerNotifications(afterId: $after) { id kind cardTitle actorId } }";

    /// <summary>
    /// "From the start" for a fresh user: a stream without afterId begins at whatever is newest when the server gets to
    /// it, which may be after the test's first change; from the start, nothing can slip between.
    /// </summary>
    private static readonly string FromTheStart = KanbanCustomer.Api.Common.Ids.Global("Notification", "0");

    [Fact]
    public async Task Viewer_notifications_are_the_viewers_own_and_arrive_live_over_a_WebSocket()
    {
        var (board, owner, first, _) = await FreshBoardAsync();
        var cardId = (await owner.CreateCardAsync(board.BoardId, "Exports are empty")).Str("id");
        Assert.Null((await first.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        await using var firstLive = await GraphQLWsClient.ConnectAsAsync(App, first.UserId!);
        await using var ownerLive = await GraphQLWsClient.ConnectAsAsync(App, owner.UserId!);
        await firstLive.SubscribeAsync("inbox", Stream, new { after = FromTheStart });
        await ownerLive.SubscribeAsync("inbox", Stream, new { after = FromTheStart });

        CardOf(await owner.MoveCardAsync(cardId, board.ColumnIds[1]), "moveCard");
        await FanOutAsync(board.BoardId);

        var told = await NextNotificationAsync(firstLive);
        Assert.Equal(("CARD_MOVED", "Exports are empty", owner.UserId), (told.Str("kind"), told.Str("cardTitle"), told.Str("actorId")));
        Assert.Null(await ownerLive.ReceiveWithinAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Null(await firstLive.ReceiveWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task AfterId_sends_the_missed_notifications_first_then_new_ones_each_once()
    {
        var (board, owner, first, _) = await FreshBoardAsync();
        var cardId = (await owner.CreateCardAsync(board.BoardId, "Tax is wrong")).Str("id");
        Assert.Null((await first.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        CardOf(await owner.MoveCardAsync(cardId, board.ColumnIds[1]), "moveCard");
        CardOf(await owner.MoveCardAsync(cardId, board.ColumnIds[2]), "moveCard");
        await FanOutAsync(board.BoardId);
        var seen = (await InboxAsync(first)).At("notifications.nodes").EnumerateArray().Select(n => n.Str("id")).ToList();
        await using var live = await GraphQLWsClient.ConnectAsAsync(App, first.UserId!);

        await live.SubscribeAsync("resume", Stream, new { after = seen[1] }); // saw the older one only
        CardOf(await owner.MoveCardAsync(cardId, board.ColumnIds[^1]), "moveCard");
        await FanOutAsync(board.BoardId);

        var missed = await NextNotificationAsync(live, "resume");
        var solved = await NextNotificationAsync(live, "resume");
        Assert.Equal(seen[0], missed.Str("id"));
        Assert.Equal("CARD_SOLVED", solved.Str("kind"));
        Assert.Null(await live.ReceiveWithinAsync(TimeSpan.FromMilliseconds(400)));
    }

    [Fact]
    public async Task Server_sent_events_carry_the_same_notifications()
    {
        var (board, owner, first, _) = await FreshBoardAsync();
        var cardId = (await owner.CreateCardAsync(board.BoardId, "Over SSE too")).Str("id");
        Assert.Null((await first.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        await using var stream = await SseResponse.OpenAsync(App.CreateClient(), App.TokenFor(first.UserId!), Stream, new { after = FromTheStart });

        CardOf(await owner.MoveCardAsync(cardId, board.ColumnIds[1]), "moveCard");
        await FanOutAsync(board.BoardId);
        var told = await stream.NextEventAsync();

        Assert.Equal("next", told.Name);
        Assert.Equal(("CARD_MOVED", "Over SSE too"), (told.Json.Str("data.viewerNotifications.kind"), told.Json.Str("data.viewerNotifications.cardTitle")));
    }

    [Fact]
    public async Task A_malformed_resume_point_is_refused()
    {
        await using var live = await GraphQLWsClient.ConnectAsAsync(App, "someone");

        await live.SubscribeAsync("bad", Stream, new { after = "not-an-id" });
        var message = await live.ReceiveForAsync("bad");

        Assert.Contains("NOT_FOUND", message.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> NextNotificationAsync(GraphQLWsClient client, string id = "inbox")
    {
        var message = await client.ReceiveForAsync(id);
        Assert.True(message.Str("type") == "next" && !message.GetProperty("payload").TryGetProperty("errors", out _), message.GetRawText());
        return message.At("payload.data.viewerNotifications");
    }
}
