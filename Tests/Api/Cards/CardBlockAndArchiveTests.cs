using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Blocking and unblocking a card; archiving and restoring it, and what an archived card refuses.</summary>
public abstract class CardBlockAndArchiveTests(KanbanApp app) : CardMutationTestBase(app)
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task Blocking_needs_a_reason(string reason)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason });

        AssertRefused(response, "VALIDATION", "reason");
        var card = await Alice.CardAsync(cardId);
        Assert.False(card.At("isBlocked").GetBoolean());
        Assert.Equal(1, card.Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Blocking_without_a_reason_field_is_refused()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId });

        AssertRefused(response, "VALIDATION");
        Assert.False((await Alice.CardAsync(cardId)).At("isBlocked").GetBoolean());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_card_can_be_blocked_with_a_reason_and_unblocked()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var blocked = CardOf(await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "  Waiting for legal  " }), "blockCard");
        Assert.Equal((true, "Waiting for legal", 2), (blocked.At("isBlocked").GetBoolean(), blocked.Str("blockedReason"), blocked.Number("version")));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var unblocked = CardOf(await Alice.ChangeCardAsync("unblockCard", "CardChangeInput", new { cardId }), "unblockCard");
        Assert.Equal((false, JsonValueKind.Null, 3), (unblocked.At("isBlocked").GetBoolean(), unblocked.At("blockedReason").ValueKind, unblocked.Number("version")));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));

        var again = CardOf(await Alice.ChangeCardAsync("unblockCard", "CardChangeInput", new { cardId }), "unblockCard");
        Assert.Equal(3, again.Number("version"));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_archived_card_is_hidden_from_lists_but_can_still_be_read()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var kept = (await Alice.CreateCardAsync(board.BoardId, "Kept")).Str("id");
        var gone = (await Alice.CreateCardAsync(board.BoardId, "Gone")).Str("id");

        var archived = CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = gone }), "archiveCard");
        Assert.True(archived.At("isArchived").GetBoolean());

        var lists = await Alice.BoardAsync(board.BoardId,
            "cards { nodes { id } } all: cards(includeArchived: true) { nodes { id isArchived } } " +
            "columns { cardCount cards(first: 10) { nodes { id } } allCards: cards(first: 10, includeArchived: true) { nodes { id } } }");
        Assert.Equal([kept], Ids(lists.At("cards.nodes")));
        Assert.Equal([kept, gone], Ids(lists.At("all.nodes")));
        Assert.True(lists.At("all.nodes.1.isArchived").GetBoolean());
        Assert.Equal([kept], Ids(lists.At("columns.0.cards.nodes")));
        Assert.Equal([kept, gone], Ids(lists.At("columns.0.allCards.nodes")));
        Assert.Equal(1, lists.Number("columns.0.cardCount"));
        Assert.Equal([kept], await Alice.CellAsync(board.BoardId, column, lane));

        var card = await Alice.CardAsync(gone, "id title isArchived archivedAt");
        Assert.Equal(("Gone", true), (card.Str("title"), card.At("isArchived").GetBoolean()));
        Assert.Equal(JsonValueKind.String, card.At("archivedAt").ValueKind);
    }

    [Fact]
    public async Task Restoring_into_a_full_column_is_refused()
    {
        var board = await BoardWithWipLimitAsync(1);
        var doing = board.ColumnIds[1];
        var parked = (await Alice.CreateCardAsync(board.BoardId, "Parked", columnId: doing)).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = parked }), "archiveCard");
        var newcomer = (await Alice.CreateCardAsync(board.BoardId, "Newcomer", columnId: doing)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId = parked });

        AssertRefused(response, "WIP_LIMIT_REACHED");
        var card = await Alice.CardAsync(parked);
        Assert.True(card.At("isArchived").GetBoolean());
        Assert.Equal(2, card.Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([newcomer], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));
    }

    [Fact]
    public async Task A_restored_card_is_back_in_its_column()
    {
        var board = await BoardWithWipLimitAsync(1);
        var doing = board.ColumnIds[1];
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Parked", columnId: doing)).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId }), "archiveCard");
        var before = await Alice.EventCountAsync(board.BoardId);

        var restored = CardOf(await Alice.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId }), "restoreCard");

        Assert.Equal((false, doing, 3), (restored.At("isArchived").GetBoolean(), restored.Str("column.id"), restored.Number("version")));
        Assert.Equal(JsonValueKind.Null, (await Alice.CardAsync(cardId, "archivedAt")).At("archivedAt").ValueKind);
        Assert.Equal([cardId], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_archived_card_refuses_edits_moves_and_activity()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Archived")).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId }), "archiveCard");
        var cardBefore = await Alice.CardAsync(cardId);
        var before = await Alice.EventCountAsync(board.BoardId);

        var update = await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Edited" });
        var move = await Alice.MoveCardAsync(cardId, board.ColumnIds[1]);
        var block = await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "Why not" });
        var vote = await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId });
        var evidence = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "QUOTE", content = "Too slow" }, "evidence { id }");

        AssertRefused(update, "VALIDATION", "cardId");
        AssertRefused(move, "VALIDATION", "cardId");
        AssertRefused(block, "VALIDATION", "cardId");
        AssertRefused(vote, "VALIDATION", "cardId");
        AssertRefused(evidence, "VALIDATION", "cardId");
        Assert.Equal(cardBefore.ToString(), (await Alice.CardAsync(cardId)).ToString());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteCardBlockAndArchiveTests(SqliteApp app) : CardBlockAndArchiveTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardBlockAndArchiveTests(PostgresApp app) : CardBlockAndArchiveTests(app), IClassFixture<PostgresApp>;
