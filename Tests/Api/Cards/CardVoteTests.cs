using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Voting on a card and taking the vote back.</summary>
public abstract class CardVoteTests(KanbanApp app) : CardMutationTestBase(app)
{
    [Fact]
    public async Task Voting_twice_counts_once()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var first = await Alice.MutateAsync("vote", "VoteInput", new { cardId }, "card { voteCount viewerHasVoted version }");
        var second = await Alice.MutateAsync("vote", "VoteInput", new { cardId }, "card { voteCount viewerHasVoted version }");

        Assert.True(first.Errors is null && second.Errors is null, second.Text);
        Assert.Equal((1, true, 2), (first.Data.Number("vote.card.voteCount"), first.Data.At("vote.card.viewerHasVoted").GetBoolean(), first.Data.Number("vote.card.version")));
        Assert.Equal((1, true, 2), (second.Data.Number("vote.card.voteCount"), second.Data.At("vote.card.viewerHasVoted").GetBoolean(), second.Data.Number("vote.card.version")));
        Assert.Equal(1, (await Bob.CardAsync(cardId, "voteCount")).Number("voteCount"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Every_members_vote_counts_and_each_viewer_sees_their_own()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var other = (await Alice.CreateCardAsync(board.BoardId, "Nobody votes here")).Str("id");
        Assert.True((await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);
        Assert.True((await Bob.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);

        foreach (var (client, voted) in new[] { (Alice, true), (Bob, true), (Carol, false) })
        {
            var card = await client.CardAsync(cardId, "voteCount viewerHasVoted");
            Assert.Equal((2, voted), (card.Number("voteCount"), card.At("viewerHasVoted").GetBoolean()));
        }

        var listed = await Carol.BoardAsync(board.BoardId, "cards { nodes { id voteCount viewerHasVoted } }");
        Assert.Equal([(cardId, 2, false), (other, 0, false)],
            listed.Nodes("cards").Select(c => (c.Str("id"), c.Number("voteCount"), c.At("viewerHasVoted").GetBoolean())));
    }

    [Fact]
    public async Task A_vote_can_be_taken_back()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        Assert.True((await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);
        Assert.True((await Bob.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);
        var before = await Alice.EventCountAsync(board.BoardId);

        var unvoted = await Alice.MutateAsync("unvote", "VoteInput", new { cardId }, "card { voteCount viewerHasVoted }");

        Assert.True(unvoted.Errors is null, unvoted.Text);
        Assert.Equal((1, false), (unvoted.Data.Number("unvote.card.voteCount"), unvoted.Data.At("unvote.card.viewerHasVoted").GetBoolean()));
        Assert.True((await Bob.CardAsync(cardId, "viewerHasVoted")).At("viewerHasVoted").GetBoolean());
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var again = await Alice.MutateAsync("unvote", "VoteInput", new { cardId }, "card { voteCount }");
        Assert.Equal(1, again.Data.Number("unvote.card.voteCount"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteCardVoteTests(SqliteApp app) : CardVoteTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardVoteTests(PostgresApp app) : CardVoteTests(app), IClassFixture<PostgresApp>;
