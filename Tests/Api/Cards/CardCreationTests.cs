using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Creating cards: where a new card goes and what it starts with, placing it next to a neighbour, and ids that are not
/// found.
/// </summary>
public abstract class CardCreationTests(KanbanApp app) : CardMutationTestBase(app)
{
    [Fact]
    public async Task A_new_card_goes_first_column_first_swimlane_with_the_lanes_customer_kind_and_defaults()
    {
        var board = await Alice.CreateTeamBoardAsync("Lanes", columns: new object[] { new { name = "Inbox" }, new { name = "Doing" } },
            swimlanes: new object[] { new { name = "Field sales (internal)", customerKind = "INTERNAL" }, new { name = "SMB customers", customerKind = "EXTERNAL" } });
        var before = await Alice.EventCountAsync(board.BoardId);

        var card = await Alice.CreateCardAsync(board.BoardId, "Quotes take a week");

        Assert.Equal(board.ColumnIds[0], card.Str("column.id"));
        Assert.Equal(board.SwimlaneIds[0], card.Str("swimlane.id"));
        Assert.Equal("INTERNAL", card.Str("customerKind"));
        Assert.Equal((3, 0, 1), (card.Number("impact"), card.Number("reach"), card.Number("version")));
        Assert.Equal(("Quotes take a week", "", false, false), (card.Str("title"), card.Str("problemStatement"), card.At("isBlocked").GetBoolean(), card.At("isArchived").GetBoolean()));
        Assert.Equal(board.BoardId, card.Str("boardId"));
        Assert.Equal("alice", (await Alice.CardAsync(card.Str("id"), "reporterId")).Str("reporterId"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var external = await Alice.CreateCardAsync(board.BoardId, "Invoices unreadable", swimlaneId: board.SwimlaneIds[1]);
        Assert.Equal("EXTERNAL", external.Str("customerKind"));
        var overridden = CardOf(await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "Sales needs a CRM login", swimlaneId = board.SwimlaneIds[1], customerKind = "INTERNAL", impact = 5, reach = 40, tags = new List<string> { "crm" } },
            $"card {{ {TestData.CardFields} }}"), "createCard");
        Assert.Equal(("INTERNAL", 5, 40, "crm"), (overridden.Str("customerKind"), overridden.Number("impact"), overridden.Number("reach"), overridden.Str("tags.0")));
    }

    [Fact]
    public async Task A_new_card_can_be_placed_after_or_before_a_given_card()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var a = (await Alice.CreateCardAsync(board.BoardId, "A")).Str("id");
        var b = (await Alice.CreateCardAsync(board.BoardId, "B")).Str("id");

        var c = (await Alice.CreateCardAsync(board.BoardId, "C", afterCardId: a)).Str("id");
        Assert.Equal([a, c, b], await Alice.CellAsync(board.BoardId, column, lane));
        var d = (await Alice.CreateCardAsync(board.BoardId, "D", beforeCardId: a)).Str("id");
        Assert.Equal([d, a, c, b], await Alice.CellAsync(board.BoardId, column, lane));
        var e = (await Alice.CreateCardAsync(board.BoardId, "E", beforeCardId: b)).Str("id");
        Assert.Equal([d, a, c, e, b], await Alice.CellAsync(board.BoardId, column, lane));
        var f = (await Alice.CreateCardAsync(board.BoardId, "F", afterCardId: b)).Str("id");
        Assert.Equal([d, a, c, e, b, f], await Alice.CellAsync(board.BoardId, column, lane));
    }

    [Fact]
    public async Task A_neighbour_from_another_cell_or_two_neighbours_are_refused()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var a = (await Alice.CreateCardAsync(board.BoardId, "A")).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var otherLane = await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "X", swimlaneId = board.SwimlaneIds[1], afterCardId = a }, "card { id }");
        var both = await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "Y", afterCardId = a, beforeCardId = a }, "card { id }");

        AssertRefused(otherLane, "NOT_FOUND", "afterCardId");
        AssertRefused(both, "VALIDATION", "afterCardId");
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([a], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
    }

    [Fact]
    public async Task Unknown_cards_columns_and_swimlanes_are_not_found()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var otherBoard = await Alice.CreateTeamBoardAsync("Other board");
        var before = await Alice.EventCountAsync(board.BoardId);

        GraphQLResponse[] responses =
        [
            await Alice.SendAsync("query($id: ID!) { card(id: $id) { id } }", new { id = Guid.NewGuid().ToString() }),
            await Alice.SendAsync("query($id: ID!) { card(id: $id) { id } }", new { id = "not-an-id" }),
            await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId = Guid.NewGuid().ToString(), title = "x" }),
            await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId = "not-an-id" }),
            await Alice.MoveCardAsync(cardId, Guid.NewGuid().ToString()),
            await Alice.MoveCardAsync(cardId, otherBoard.ColumnIds[1]),
            await Alice.MoveCardAsync(cardId, board.ColumnIds[1], toSwimlaneId: otherBoard.SwimlaneIds[0]),
            await Alice.MutateAsync("createCard", "CreateCardInput", new { boardId = Guid.NewGuid().ToString(), title = "x" }, "card { id }"),
            await Alice.MutateAsync("createCard", "CreateCardInput", new { boardId = board.BoardId, title = "x", columnId = otherBoard.ColumnIds[0] }, "card { id }"),
            await Alice.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId = Guid.NewGuid().ToString() }, "removedEvidenceId"),
        ];

        Assert.All(responses, r => Assert.True(r.ErrorCode == "NOT_FOUND", r.Text));
        Assert.Equal(JsonValueKind.Null, responses[0].Data.GetProperty("card").ValueKind);
        var card = await Alice.CardAsync(cardId);
        Assert.Equal((board.ColumnIds[0], 1), (card.Str("column.id"), card.Number("version")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteCardCreationTests(SqliteApp app) : CardCreationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardCreationTests(PostgresApp app) : CardCreationTests(app), IClassFixture<PostgresApp>;
