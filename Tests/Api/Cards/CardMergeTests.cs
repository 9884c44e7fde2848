using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>mergeCards: what moves to the card that stays, the vote arithmetic, the refusals, and merges that race.</summary>
public abstract class CardMergeTests(KanbanApp app) : CardMutationTestBase(app)
{
    private const string MergedFields = "id isArchived voteCount tags version mergedInto { id } evidence { totalCount nodes { id } } experiments { totalCount nodes { id } }";

    private static Task<GraphQLResponse> MergeAsync(GraphQLClient client, string sourceCardId, string targetCardId) =>
        client.MutateAsync("mergeCards", "MergeCardsInput", new { sourceCardId, targetCardId },
            $"source {{ {MergedFields} }} target {{ {MergedFields} viewerHasVoted }}");

    private static async Task<string> AddEvidenceAsync(GraphQLClient client, string cardId, string content) =>
        (await client.DataAsync("mutation($id: ID!, $content: String!) { addEvidence(input: { cardId: $id, kind: OBSERVATION, content: $content }) { evidence { id } } }",
            new { id = cardId, content })).Str("addEvidence.evidence.id");

    private static async Task<string> AddExperimentAsync(GraphQLClient client, string cardId) =>
        (await client.DataAsync("mutation($id: ID!) { addExperiment(input: { cardId: $id, hypothesis: \"A shorter form helps\", measure: \"Completed forms\" }) { experiment { id } } }",
            new { id = cardId })).Str("addExperiment.experiment.id");

    private static async Task VoteAsync(GraphQLClient client, string cardId) =>
        await client.DataAsync("mutation($id: ID!) { vote(input: { cardId: $id }) { card { id } } }", new { id = cardId });

    private static async Task<string> CardWithTagsAsync(GraphQLClient client, string boardId, string title, params string[] tags)
    {
        var id = (await client.CreateCardAsync(boardId, title)).Str("id");
        await client.DataAsync("mutation($id: ID!, $tags: [String!]) { updateCard(input: { cardId: $id, tags: $tags }) { card { id } } }", new { id, tags });
        return id;
    }

    /// <summary>What a refused merge must leave alone: both cards as they were, and the log.</summary>
    private async Task<string> SnapshotAsync(string boardId, params string[] cardIds)
    {
        var cards = new List<string>();
        foreach (var id in cardIds)
            cards.Add((await Alice.CardAsync(id, MergedFields)).GetRawText());
        return $"{await Alice.EventCountAsync(boardId)} {string.Join(" ", cards)}";
    }

    [Fact]
    public async Task A_merge_moves_evidence_experiments_and_tags_and_the_target_keeps_each_voter_once()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var source = await CardWithTagsAsync(Alice, board.BoardId, "Export breaks", "billing", "export");
        var target = await CardWithTagsAsync(Alice, board.BoardId, "Exports fail", "Billing", "slow");
        var sourceEvidence = new[] { await AddEvidenceAsync(Bob, source, "CSV export times out"), await AddEvidenceAsync(Carol, source, "Excel export empty") };
        var targetEvidence = await AddEvidenceAsync(Alice, target, "Export button does nothing");
        var experiment = await AddExperimentAsync(Bob, source);
        await VoteAsync(Alice, source);
        await VoteAsync(Bob, source);
        await VoteAsync(Bob, target);
        await VoteAsync(Carol, target);
        var before = await Alice.EventCountAsync(board.BoardId);

        App.Commands.Reset();
        var merged = await MergeAsync(Carol, source, target);
        var commands = App.Commands.Commands;

        Assert.True(merged.Errors is null, merged.Text);
        var (from, into) = (merged.Data.At("mergeCards.source"), merged.Data.At("mergeCards.target"));
        Assert.True(from.At("isArchived").GetBoolean());
        Assert.Equal(target, from.Str("mergedInto.id"));
        Assert.Equal((0, 0, 0), (from.Number("voteCount"), from.Number("evidence.totalCount"), from.Number("experiments.totalCount")));
        Assert.Equal(JsonValueKind.Null, into.At("mergedInto").ValueKind);
        Assert.Equal(3, into.Number("voteCount"));
        Assert.Equal(sourceEvidence.Append(targetEvidence).Order(StringComparer.Ordinal), Ids(into.At("evidence.nodes")).Order(StringComparer.Ordinal));
        Assert.Equal([experiment], Ids(into.At("experiments.nodes")));
        Assert.Equal(["Billing", "slow", "export"], into.At("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
        foreach (var (client, voted) in new[] { (Alice, true), (Bob, true), (Carol, true) })
            Assert.Equal(voted, (await client.CardAsync(target, "viewerHasVoted")).At("viewerHasVoted").GetBoolean());

        // The moved rows are updated in place: a delete of an evidence or experiment row would lose them (and their ids).
        Assert.Contains(commands, c => c.Contains("UPDATE \"Evidence\"", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("UPDATE \"Experiments\"", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("DELETE FROM \"Evidence\"", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("DELETE FROM \"Experiments\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_merged_card_stays_readable_by_id_and_cannot_be_restored_or_changed()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var source = (await Alice.CreateCardAsync(board.BoardId, "Duplicate")).Str("id");
        var target = (await Alice.CreateCardAsync(board.BoardId, "Original")).Str("id");
        Assert.True((await MergeAsync(Bob, source, target)).Errors is null);
        var before = await SnapshotAsync(board.BoardId, source, target);

        var read = await Carol.CardAsync(source, "title isArchived mergedInto { id title }");
        var node = await Carol.DataAsync("query($id: ID!) { node(id: $id) { ... on Card { mergedInto { id } } } }", new { id = source });
        var restored = await Bob.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId = source });
        var voted = await Bob.ChangeCardAsync("vote", "VoteInput", new { cardId = source });

        Assert.Equal(("Duplicate", true, target, "Original"), (read.Str("title"), read.At("isArchived").GetBoolean(), read.Str("mergedInto.id"), read.Str("mergedInto.title")));
        Assert.Equal(target, node.Str("node.mergedInto.id"));
        AssertRefused(restored, "VALIDATION", "cardId");
        AssertRefused(voted, "VALIDATION", "cardId");
        Assert.Equal(before, await SnapshotAsync(board.BoardId, source, target));
    }

    [Fact]
    public async Task A_merged_card_in_a_full_column_is_refused_as_merged()
    {
        var board = await BoardWithWipLimitAsync(1);
        var source = (await Alice.CreateCardAsync(board.BoardId, "Duplicate", board.ColumnIds[1])).Str("id");
        var target = (await Alice.CreateCardAsync(board.BoardId, "Original")).Str("id");
        Assert.True((await MergeAsync(Bob, source, target)).Errors is null);
        await Alice.CreateCardAsync(board.BoardId, "Fills the column again", board.ColumnIds[1]);

        var restored = await Bob.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId = source });

        AssertRefused(restored, "VALIDATION", "cardId");
    }

    [Fact]
    public async Task Repeating_a_merge_succeeds_and_changes_nothing()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var source = (await Alice.CreateCardAsync(board.BoardId, "Duplicate")).Str("id");
        var target = (await Alice.CreateCardAsync(board.BoardId, "Original")).Str("id");
        await AddEvidenceAsync(Bob, source, "Seen at a customer");
        Assert.True((await MergeAsync(Bob, source, target)).Errors is null);
        var before = await SnapshotAsync(board.BoardId, source, target);

        var again = await MergeAsync(Carol, source, target);

        Assert.True(again.Errors is null, again.Text);
        Assert.Equal(target, again.Data.Str("mergeCards.source.mergedInto.id"));
        Assert.Equal(1, again.Data.Number("mergeCards.target.evidence.totalCount"));
        Assert.Equal(before, await SnapshotAsync(board.BoardId, source, target));
    }

    public enum Refusal
    {
        IntoItself,
        IntoAnArchivedCard,
        IntoAMergedCard,
        FromAnArchivedCard,
        FromACardMergedElsewhere,
    }

    [Theory]
    [InlineData(Refusal.IntoItself, "targetCardId")]
    [InlineData(Refusal.IntoAnArchivedCard, "targetCardId")]
    [InlineData(Refusal.IntoAMergedCard, "targetCardId")]
    [InlineData(Refusal.FromAnArchivedCard, "sourceCardId")]
    [InlineData(Refusal.FromACardMergedElsewhere, "sourceCardId")]
    public async Task A_merge_the_rules_forbid_is_VALIDATION_on_the_field_at_fault_and_changes_nothing(Refusal refusal, string field)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var source = (await Alice.CreateCardAsync(board.BoardId, "Duplicate")).Str("id");
        var target = (await Alice.CreateCardAsync(board.BoardId, "Original")).Str("id");
        var other = (await Alice.CreateCardAsync(board.BoardId, "Another")).Str("id");
        await AddEvidenceAsync(Bob, source, "Seen at a customer");
        await VoteAsync(Bob, source);
        switch (refusal)
        {
            case Refusal.IntoItself:
                target = source;
                break;
            case Refusal.IntoAnArchivedCard:
                await Alice.DataAsync("mutation($id: ID!) { archiveCard(input: { cardId: $id }) { card { id } } }", new { id = target });
                break;
            case Refusal.IntoAMergedCard:
                Assert.True((await MergeAsync(Alice, target, other)).Errors is null);
                break;
            case Refusal.FromAnArchivedCard:
                await Alice.DataAsync("mutation($id: ID!) { archiveCard(input: { cardId: $id }) { card { id } } }", new { id = source });
                break;
            case Refusal.FromACardMergedElsewhere:
                Assert.True((await MergeAsync(Alice, source, other)).Errors is null);
                break;
        }

        var before = await SnapshotAsync(board.BoardId, source, target, other);

        var response = await MergeAsync(Bob, source, target);

        AssertRefused(response, "VALIDATION", field);
        Assert.Equal(before, await SnapshotAsync(board.BoardId, source, target, other));
    }

    [Fact]
    public async Task Across_boards_a_merge_is_VALIDATION_to_a_member_of_both_and_NOT_FOUND_to_anyone_else()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var source = (await Alice.CreateCardAsync(board.BoardId, "Duplicate")).Str("id");
        var elsewhere = await Alice.CreateBoardAsync("Alice's own board");
        var foreign = (await Alice.CreateCardAsync(elsewhere.BoardId, "Not Bob's to see")).Str("id");
        var before = await SnapshotAsync(board.BoardId, source);
        var beforeElsewhere = await SnapshotAsync(elsewhere.BoardId, foreign);

        var asAlice = await MergeAsync(Alice, source, foreign);
        var asBob = await MergeAsync(Bob, source, foreign);
        var unknown = await MergeAsync(Bob, source, KanbanCustomer.Api.Common.Ids.Global("Card", Guid.NewGuid()));

        AssertRefused(asAlice, "VALIDATION", "targetCardId");
        AssertRefused(asBob, "NOT_FOUND");
        Assert.DoesNotContain("Not Bob's to see", asBob.Text, StringComparison.Ordinal);
        AssertRefused(unknown, "NOT_FOUND");
        Assert.Equal(before, await SnapshotAsync(board.BoardId, source));
        Assert.Equal(beforeElsewhere, await SnapshotAsync(elsewhere.BoardId, foreign));
    }

    [Fact]
    public async Task Of_concurrent_merges_of_one_card_into_two_targets_one_wins_and_the_other_is_refused_cleanly()
    {
        var board = await Alice.CreateTeamBoardAsync();
        for (var round = 0; round < 3; round++)
        {
            var source = (await Alice.CreateCardAsync(board.BoardId, $"Duplicate {round}")).Str("id");
            var first = (await Alice.CreateCardAsync(board.BoardId, $"First {round}")).Str("id");
            var second = (await Alice.CreateCardAsync(board.BoardId, $"Second {round}")).Str("id");
            await AddEvidenceAsync(Bob, source, "Seen at a customer");
            await VoteAsync(Carol, source);
            var before = await Alice.EventCountAsync(board.BoardId);

            var responses = await Task.WhenAll(MergeAsync(Bob, source, first), MergeAsync(Carol, source, second));

            var won = Assert.Single(responses, r => r.Errors is null);
            var lost = Assert.Single(responses, r => r.Errors is not null);
            AssertRefused(lost, "VALIDATION", "sourceCardId");
            var winner = won.Data.Str("mergeCards.target.id");
            var loser = winner == first ? second : first;
            Assert.Equal(winner, (await Alice.CardAsync(source, "mergedInto { id }")).Str("mergedInto.id"));
            var merged = await Alice.CardAsync(winner, MergedFields);
            Assert.Equal((1, 1), (merged.Number("evidence.totalCount"), merged.Number("voteCount")));
            var untouched = await Alice.CardAsync(loser, MergedFields);
            Assert.Equal((0, 0, 1), (untouched.Number("evidence.totalCount"), untouched.Number("voteCount"), untouched.Number("version")));
            Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
        }
    }

    [Fact]
    public async Task The_same_merge_sent_twice_at_once_merges_once_and_both_succeed()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var source = (await Alice.CreateCardAsync(board.BoardId, "Duplicate")).Str("id");
        var target = (await Alice.CreateCardAsync(board.BoardId, "Original")).Str("id");
        await AddEvidenceAsync(Bob, source, "Seen at a customer");
        await VoteAsync(Bob, source);
        await VoteAsync(Bob, target);
        var before = await Alice.EventCountAsync(board.BoardId);

        var responses = await Task.WhenAll(MergeAsync(Bob, source, target), MergeAsync(Carol, source, target), MergeAsync(Alice, source, target));

        Assert.All(responses, r => Assert.True(r.Errors is null, r.Text));
        var merged = await Alice.CardAsync(target, MergedFields);
        Assert.Equal((1, 1), (merged.Number("evidence.totalCount"), merged.Number("voteCount")));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteCardMergeTests(SqliteApp app) : CardMergeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardMergeTests(PostgresApp app) : CardMergeTests(app), IClassFixture<PostgresApp>;
