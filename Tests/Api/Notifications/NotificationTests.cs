using System.Text.Json;
using KanbanCustomer.Infrastructure.Notifications;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The notification inbox: what watchers hear (moves, solves, merges, stale flags; never their own action; members
/// only), each event told once however often the fan-out runs, and marking read. The test runs the fan-out itself,
/// as the worker would after a restart: the events are committed, nothing has told them yet.
/// </summary>
public abstract partial class NotificationTests(KanbanApp app) : CardMutationTestBase(app)
{
    private const string Inbox = "unreadNotificationCount notifications(first: 20) { nodes { id kind cardId cardTitle actorId eventSeq readAt } }";

    [Fact]
    public async Task Watchers_hear_of_moves_and_solves_but_never_of_their_own_action()
    {
        var (board, Alice, Bob, Carol) = await FreshBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Exports time out")).Str("id");
        Assert.Null((await Bob.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        Assert.Null((await Carol.MutateAsync("watchCard", "WatchCardInput", new { cardId }, "card { id }")).Errors);
        CardOf(await Alice.MoveCardAsync(cardId, board.ColumnIds[1]), "moveCard");
        CardOf(await Bob.MoveCardAsync(cardId, board.ColumnIds[^1]), "moveCard");

        Assert.Equal(4, await FanOutAsync(board.BoardId));

        var (alice, bob, carol) = (await InboxAsync(Alice), await InboxAsync(Bob), await InboxAsync(Carol));
        Assert.Equal(["CARD_SOLVED"], Kinds(alice));
        Assert.Equal(["CARD_MOVED"], Kinds(bob));
        Assert.Equal(["CARD_SOLVED", "CARD_MOVED"], Kinds(carol));
        Assert.Equal((2, "Exports time out", Bob.UserId), (carol.Number("unreadNotificationCount"), carol.Str("notifications.nodes.0.cardTitle"), carol.Str("notifications.nodes.0.actorId")));
        Assert.Equal(cardId, carol.Str("notifications.nodes.1.cardId"));
    }

    [Fact]
    public async Task Each_event_is_told_once_however_often_the_fan_out_runs_and_a_removed_member_hears_no_more()
    {
        var (board, Alice, Bob, Carol) = await FreshBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Receipts are lost")).Str("id");
        foreach (var client in new[] { Bob, Carol })
            Assert.Null((await client.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        Assert.Null((await Alice.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = Carol.UserId }, "removedUserId")).Errors);
        CardOf(await Alice.MoveCardAsync(cardId, board.ColumnIds[1]), "moveCard");

        var runs = await Task.WhenAll(FanOutAsync(board.BoardId), FanOutAsync(board.BoardId));
        var again = await FanOutAsync(board.BoardId);

        Assert.Equal(1, runs.Sum());
        Assert.Equal(0, again);
        Assert.Equal(["CARD_MOVED"], Kinds(await InboxAsync(Bob)));
        Assert.Empty(Kinds(await InboxAsync(Carol)));
    }

    [Fact]
    public async Task Events_committed_before_a_crash_are_told_once_by_the_restarted_server()
    {
        var (board, owner, first, second) = await FreshBoardAsync();
        var cardId = (await owner.CreateCardAsync(board.BoardId, "Told after a restart")).Str("id");
        foreach (var client in new[] { first, second })
            Assert.Null((await client.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        CardOf(await owner.MoveCardAsync(cardId, board.ColumnIds[1]), "moveCard");
        CardOf(await owner.MoveCardAsync(cardId, board.ColumnIds[2]), "moveCard");
        // Committed, and no fan-out has run: this server's worker is off, as if it died right after the commits.
        Assert.Equal(0, await CountAsync(cardId));

        await using (var restarted = new KanbanCustomer.Tests.Webhooks.RestartedApp(App.Provider, App.ConnectionString))
        {
            await restarted.InitializeAsync();
            _ = restarted.Services; // starts the server and its worker
            var deadline = DateTime.UtcNow.AddSeconds(30);
            // Its worker ticks on its (fake) clock: the test moves it on.
            while (await CountAsync(cardId) < 4 && DateTime.UtcNow < deadline)
            {
                restarted.Clock.Advance(TimeSpan.FromMilliseconds(200));
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            for (var tick = 0; tick < 5; tick++) // a few more rounds of its worker
            {
                restarted.Clock.Advance(TimeSpan.FromMilliseconds(200));
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        Assert.Equal(0, await FanOutAsync(board.BoardId));
        Assert.Equal(4, await CountAsync(cardId));
        Assert.Equal(["CARD_MOVED", "CARD_MOVED"], Kinds(await InboxAsync(first)));
        Assert.Equal(["CARD_MOVED", "CARD_MOVED"], Kinds(await InboxAsync(second)));
    }

    private async Task<int> CountAsync(string cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var id = KanbanCustomer.Api.Common.Ids.Parse(cardId, "Card");
        return await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Notifications.CountAsync(n => n.CardId == id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_merge_and_a_stale_flag_are_told_to_the_watchers_of_the_card()
    {
        var (board, Alice, Bob, _) = await FreshBoardAsync();
        var duplicate = (await Alice.CreateCardAsync(board.BoardId, "Login loops")).Str("id");
        var target = (await Alice.CreateCardAsync(board.BoardId, "Login fails")).Str("id");
        Assert.Null((await Bob.MutateAsync("vote", "VoteInput", new { cardId = duplicate }, "card { id }")).Errors);
        Assert.Null((await Alice.MutateAsync("mergeCards", "MergeCardsInput", new { sourceCardId = duplicate, targetCardId = target }, "target { id }")).Errors);
        await FlagStaleAsync(target);

        await FanOutAsync(board.BoardId);

        Assert.Equal(["CARD_FLAGGED_STALE", "CARD_MERGED"], Kinds(await InboxAsync(Bob)));
        Assert.Equal(["CARD_FLAGGED_STALE"], Kinds(await InboxAsync(Alice)));
    }

    [Fact]
    public async Task A_comment_is_told_to_the_watchers_and_a_mention_to_the_person_named_who_then_watches_by_commenting()
    {
        var (board, owner, first, second) = await FreshBoardAsync();
        var cardId = (await owner.CreateCardAsync(board.BoardId, "Refunds are slow")).Str("id");
        Assert.Null((await first.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        Assert.Null((await owner.MutateAsync("addComment", "AddCommentInput", new { cardId, text = "Can you check the logs?", mentions = new[] { second.UserId } }, "comment { id }")).Errors);
        await FanOutAsync(board.BoardId);
        var (firstAfterOne, secondAfterOne) = (Kinds(await InboxAsync(first)), Kinds(await InboxAsync(second)));

        Assert.Null((await second.MutateAsync("addComment", "AddCommentInput", new { cardId, text = "Done: timeouts at the bank." }, "comment { id }")).Errors);
        CardOf(await first.MoveCardAsync(cardId, board.ColumnIds[1]), "moveCard");
        await FanOutAsync(board.BoardId);

        Assert.Equal(["COMMENT_ADDED"], firstAfterOne);
        Assert.Equal(["MENTIONED"], secondAfterOne);
        Assert.Equal(["CARD_MOVED", "MENTIONED"], Kinds(await InboxAsync(second)));
        Assert.Equal(["CARD_MOVED", "COMMENT_ADDED"], Kinds(await InboxAsync(owner)));
        Assert.Equal(["COMMENT_ADDED", "COMMENT_ADDED"], Kinds(await InboxAsync(first)));
    }

    [Fact]
    public async Task A_person_marks_their_own_notifications_read_by_id_or_up_to_one_and_no_one_else_s()
    {
        var (board, Alice, Bob, _) = await FreshBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Search is slow")).Str("id");
        Assert.Null((await Bob.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        foreach (var column in board.ColumnIds.Skip(1).Take(2).Append(board.ColumnIds[0]))
            CardOf(await Alice.MoveCardAsync(cardId, column), "moveCard");
        await FanOutAsync(board.BoardId);
        var ids = (await InboxAsync(Bob)).At("notifications.nodes").EnumerateArray().Select(n => n.Str("id")).ToList();
        const string Mark = "mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { marked viewer { unreadNotificationCount } } }";

        var byAlice = await Alice.SendAsync(Mark, new { input = new { ids = new[] { ids[0] } } });
        var both = await Bob.SendAsync(Mark, new { input = new { ids = new[] { ids[0] }, upTo = ids[0] } });
        var oldest = await Bob.DataAsync(Mark, new { input = new { ids = new[] { ids[2], ids[2] } } });
        var upToSecond = await Bob.DataAsync(Mark, new { input = new { upTo = ids[1] } });
        var unread = (await Bob.DataAsync("{ viewer { notifications(unreadOnly: true) { nodes { id } } } }")).At("viewer.notifications.nodes").EnumerateArray().Select(n => n.Str("id"));

        Assert.Equal(3, ids.Count);
        Assert.Equal("NOT_FOUND", byAlice.ErrorCode);
        Assert.Equal("VALIDATION", both.ErrorCode);
        Assert.Equal((1, 2), (oldest.Number("markNotificationsRead.marked"), oldest.Number("markNotificationsRead.viewer.unreadNotificationCount")));
        Assert.Equal((1, 1), (upToSecond.Number("markNotificationsRead.marked"), upToSecond.Number("markNotificationsRead.viewer.unreadNotificationCount")));
        Assert.Equal([ids[0]], unread);
    }

    [Fact]
    public async Task Another_person_shows_no_inbox()
    {
        var (board, owner, member, _) = await FreshBoardAsync();
        var bob = (await owner.DataAsync("query($id: ID!) { board(id: $id) { members { nodes { user { userId notifications { nodes { id } } unreadNotificationCount } } } } }",
            new { id = board.BoardId })).At("board.members.nodes").EnumerateArray().Select(m => m.GetProperty("user")).Single(p => p.Str("userId") == member.UserId);

        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (bob.GetProperty("notifications").ValueKind, bob.GetProperty("unreadNotificationCount").ValueKind));
    }

    /// <summary>A board of a fresh owner with two fresh members, so no other test's notifications reach their inboxes.</summary>
    private async Task<(BoardIds Board, GraphQLClient Owner, GraphQLClient First, GraphQLClient Second)> FreshBoardAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (owner, first, second) = (App.ClientFor($"owner-{tag}"), App.ClientFor($"first-{tag}"), App.ClientFor($"second-{tag}"));
        var board = await owner.CreateBoardAsync();
        foreach (var member in new[] { $"first-{tag}", $"second-{tag}" })
            await owner.AddMemberAsync(board.BoardId, member, "MEMBER");
        return (board, owner, first, second);
    }

    private async Task<int> FanOutAsync(string boardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var id = KanbanCustomer.Api.Common.Ids.Parse(boardId, "Board");
        var written = 0;
        for (var pass = 0; pass < 3; pass++)
            written += await NotificationFanOut.RunAsync(db, id, App.Clock.GetUtcNow(), TestContext.Current.CancellationToken);
        return written;
    }

    private async Task FlagStaleAsync(string cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var id = KanbanCustomer.Api.Common.Ids.Parse(cardId, "Card");
        var card = await db.Cards.SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
        Assert.True(card.FlagStaleIfOverdue(TimeSpan.Zero, KanbanCustomer.Domain.Boards.StaleBasis.LastActivity, App.Clock.GetUtcNow()));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> InboxAsync(GraphQLClient client) => (await client.DataAsync($"{{ viewer {{ {Inbox} }} }}")).GetProperty("viewer");

    private static List<string> Kinds(JsonElement inbox) => inbox.At("notifications.nodes").EnumerateArray().Select(n => n.Str("kind")).ToList();
}

public sealed class SqliteNotificationTests(SqliteApp app) : NotificationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresNotificationTests(PostgresApp app) : NotificationTests(app), IClassFixture<PostgresApp>;
