using System.Text.Json;
using GlobalIds = KanbanCustomer.Api.Common.Ids;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>Card.comments, Comment as a node, batch loading, and a comment as activity for the stale scan.</summary>
public abstract class CommentReadTests(KanbanApp app) : CommentTestBase(app)
{
    [Fact]
    public async Task The_discussion_pages_oldest_first_with_tombstones_in_place()
    {
        var (_, card) = await CardOnBoardAsync();
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add(await AddedAsync(i % 2 == 0 ? Carol : Bob, card, $"Comment {i}"));
            App.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Null((await DeleteAsync(Alice, ids[2])).Errors);
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        bool hasNext;
        do
        {
            var page = await Vera.CardAsync(card, "comments(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }".Replace("$after",
                after is null ? "null" : $"\"{after}\"", StringComparison.Ordinal));
            Assert.Equal(5, page.Number("comments.totalCount"));
            seen.AddRange(page.Nodes("comments").Select(c => c.Str("id")));
            hasNext = page.At("comments.pageInfo.hasNextPage").GetBoolean();
            after = page.Str("comments.pageInfo.endCursor");
            pages++;
        }
        while (hasNext);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
        var last = await Alice.CardAsync(card, "comments(last: 1) { nodes { id } }");
        Assert.Equal(ids[^1], last.Nodes("comments")[0].Str("id"));
    }

    [Fact]
    public async Task A_comment_is_a_node_for_the_boards_people_only()
    {
        var (_, card) = await CardOnBoardAsync();
        var comment = await AddedAsync(Bob, card, "Worth a look");

        var read = await Vera.DataAsync("query($id: ID!) { node(id: $id) { __typename id ... on Comment { text card { id title } } } }", new { id = comment });
        var stranger = await App.ClientFor("nina").SendAsync("query($id: ID!) { node(id: $id) { id } }", new { id = comment });

        Assert.Equal(("Comment", comment, "Worth a look", card, "Invoices are unreadable"),
            (read.Str("node.__typename"), read.Str("node.id"), read.Str("node.text"), read.Str("node.card.id"), read.Str("node.card.title")));
        AssertRefused(stranger, "NOT_FOUND");
        Assert.DoesNotContain("Worth a look", stranger.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_of_many_cards_and_their_authors_load_in_a_constant_number_of_statements()
    {
        var board = await Alice.CreateTeamBoardAsync();
        async Task<int> CommandsForBoardWithAsync(int cards)
        {
            for (var i = 0; i < cards; i++)
            {
                var card = (await Alice.CreateCardAsync(board.BoardId, $"Card {i}")).Str("id");
                await AddedAsync(i % 2 == 0 ? Bob : Carol, card, $"About card {i}", ["alice"]);
            }

            App.Commands.Reset();
            var data = await Alice.DataAsync(
                $"query Q{cards}($id: ID!) {{ board(id: $id) {{ cards(first: 30) {{ nodes {{ id comments(first: 5) {{ totalCount nodes {{ id text author {{ name }} card {{ id }} }} }} }} }} }} }}",
                new { id = board.BoardId });
            Assert.All(data.Nodes("board.cards"), c => Assert.Equal(1, c.Number("comments.totalCount")));
            return App.Commands.Count;
        }

        var few = await CommandsForBoardWithAsync(2);
        var many = await CommandsForBoardWithAsync(18);

        Assert.Equal(few, many);
    }

    [Fact]
    public async Task A_comment_clears_the_stale_flag_as_activity_without_changing_the_cards_version()
    {
        var (_, card) = await CardOnBoardAsync();
        App.Clock.Advance(TimeSpan.FromDays(8));
        await FlagAsync(card);
        var flagged = await Alice.CardAsync(card, "isStale version");

        var response = await AddAsync(Bob, card, "Still a problem, customers keep calling");

        Assert.True(flagged.At("isStale").GetBoolean());
        Assert.True(response.Errors is null, response.Text);
        var after = await Alice.CardAsync(card, "isStale version lastActivityAt events(first: 100) { nodes { type } }");
        Assert.False(after.At("isStale").GetBoolean());
        Assert.Equal(flagged.Number("version"), after.Number("version"));
        Assert.Equal(App.Clock.GetUtcNow(), after.At("lastActivityAt").GetDateTimeOffset());
        Assert.Equal(["CardUnflagged", "CommentAdded"], after.Nodes("events").Select(e => e.Str("type")).Where(t => t is "CardUnflagged" or "CommentAdded"));
    }

    [Fact]
    public async Task A_member_watching_the_board_receives_each_comment_change_live_in_order()
    {
        var (board, card) = await CardOnBoardAsync();
        var last = await Alice.EventCountAsync(board.BoardId);
        await using var carol = await GraphQLWsClient.ConnectAsAsync(App, "carol");
        await carol.SubscribeAsync("events", """
            subscription($b: ID!, $after: Int) {
              boardEvents(boardId: $b, afterSeq: $after) { seq type cardId actor { userId } ... on CommentChangedEvent { commentId mentions deletedBy } }
            }
            """, new { b = board.BoardId, after = last });

        var comment = await AddedAsync(Bob, card, "Live", ["carol"]);
        Assert.Null((await EditAsync(Bob, comment, "Live, edited", ["carol", "vera"])).Errors);
        Assert.Null((await DeleteAsync(Alice, comment)).Errors);

        var received = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            var message = await carol.ReceiveForAsync("events");
            Assert.True(message.Str("type") == "next" && !message.GetProperty("payload").TryGetProperty("errors", out _), message.GetRawText());
            received.Add(message.At("payload.data.boardEvents"));
        }

        Assert.Equal(["CommentAdded", "CommentEdited", "CommentDeleted"], received.Select(e => e.Str("type")));
        Assert.Equal([last + 1, last + 2, last + 3], received.Select(e => (long)e.Number("seq")));
        Assert.All(received, e => Assert.Equal((comment, card), (e.Str("commentId"), e.Str("cardId"))));
        Assert.Equal(["carol", "vera"], received[1].GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(("alice", "alice"), (received[2].Str("deletedBy"), received[2].Str("actor.userId")));
    }

    /// <summary>Flags a card the way the scan does (through the domain, with the board locked), without the scan.</summary>
    private async Task FlagAsync(string cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var id = GlobalIds.Parse(cardId, "Card");
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var card = await db.Cards.SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
        await db.LockBoardAsync(card.BoardId, TestContext.Current.CancellationToken);
        Assert.True(card.FlagStaleIfOverdue(TimeSpan.FromDays(7), StaleBasis.LastActivity, App.Clock.GetUtcNow()));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class SqliteCommentReadTests(SqliteApp app) : CommentReadTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCommentReadTests(PostgresApp app) : CommentReadTests(app), IClassFixture<PostgresApp>;
