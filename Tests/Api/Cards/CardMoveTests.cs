using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Moving cards between and within cells, and the WIP limit on moves and creation.</summary>
public abstract class CardMoveTests(KanbanApp app) : CardMutationTestBase(app)
{
    [Fact]
    public async Task Moving_a_card_to_another_column_and_swimlane_places_it_where_asked()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (target, lane) = (board.ColumnIds[2], board.SwimlaneIds[1]);
        var x = (await Alice.CreateCardAsync(board.BoardId, "X", columnId: target, swimlaneId: lane)).Str("id");
        var y = (await Alice.CreateCardAsync(board.BoardId, "Y", columnId: target, swimlaneId: lane)).Str("id");
        var card = (await Alice.CreateCardAsync(board.BoardId, "Mover")).Str("id");
        var stay = (await Alice.CreateCardAsync(board.BoardId, "Stays")).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var moved = CardOf(await Bob.MoveCardAsync(card, target, toSwimlaneId: lane, afterCardId: x), "moveCard");

        Assert.Equal((target, lane, 2), (moved.Str("column.id"), moved.Str("swimlane.id"), moved.Number("version")));
        Assert.Equal([x, card, y], await Alice.CellAsync(board.BoardId, target, lane));
        Assert.Equal([stay], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        // Without toSwimlaneId the card keeps its lane; without a neighbour it goes last.
        var onward = CardOf(await Bob.MoveCardAsync(card, board.ColumnIds[3]), "moveCard");
        Assert.Equal((board.ColumnIds[3], lane), (onward.Str("column.id"), onward.Str("swimlane.id")));
        var back = CardOf(await Bob.MoveCardAsync(card, target, beforeCardId: x), "moveCard");
        Assert.Equal(target, back.Str("column.id"));
        Assert.Equal([card, x, y], await Alice.CellAsync(board.BoardId, target, lane));
    }

    [Fact]
    public async Task Moving_within_a_cell_after_and_before_gives_the_expected_order()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var ids = new List<string>();
        foreach (var title in new[] { "A", "B", "C", "D" })
            ids.Add((await Alice.CreateCardAsync(board.BoardId, title)).Str("id"));
        var (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);

        CardOf(await Alice.MoveCardAsync(d, column, afterCardId: a), "moveCard");
        Assert.Equal([a, d, b, c], await Alice.CellAsync(board.BoardId, column, lane));
        CardOf(await Alice.MoveCardAsync(a, column, beforeCardId: c), "moveCard");
        Assert.Equal([d, b, a, c], await Alice.CellAsync(board.BoardId, column, lane));
        CardOf(await Alice.MoveCardAsync(b, column), "moveCard");
        Assert.Equal([d, a, c, b], await Alice.CellAsync(board.BoardId, column, lane));
        CardOf(await Alice.MoveCardAsync(b, column, beforeCardId: d), "moveCard");
        Assert.Equal([b, d, a, c], await Alice.CellAsync(board.BoardId, column, lane));

        var nextToItself = await Alice.MoveCardAsync(b, column, afterCardId: b);
        AssertRefused(nextToItself, "VALIDATION", "afterCardId");
        Assert.Equal([b, d, a, c], await Alice.CellAsync(board.BoardId, column, lane));
    }

    [Fact]
    public async Task Moving_into_a_full_column_is_refused_and_nothing_changes()
    {
        var board = await BoardWithWipLimitAsync(1);
        var (inbox, doing) = (board.ColumnIds[0], board.ColumnIds[1]);
        var full = (await Alice.CreateCardAsync(board.BoardId, "In progress", columnId: doing)).Str("id");
        var waiting = (await Alice.CreateCardAsync(board.BoardId, "Waiting", columnId: inbox)).Str("id");
        var cardBefore = await Alice.CardAsync(waiting);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Bob.MoveCardAsync(waiting, doing, afterCardId: full);
        var otherLane = await Bob.MoveCardAsync(waiting, doing, toSwimlaneId: board.SwimlaneIds[1]);

        AssertRefused(response, "WIP_LIMIT_REACHED", "toColumnId");
        AssertRefused(otherLane, "WIP_LIMIT_REACHED");
        Assert.Equal(1, response.FirstErrorExtensions.GetProperty("wipLimit").GetInt32());
        var cardAfter = await Alice.CardAsync(waiting);
        Assert.Equal(cardBefore.ToString(), cardAfter.ToString());
        Assert.Equal((inbox, 1), (cardAfter.Str("column.id"), cardAfter.Number("version")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([full], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));
    }

    [Fact]
    public async Task Creating_a_card_in_a_full_column_is_refused()
    {
        var board = await BoardWithWipLimitAsync(1);
        await Alice.CreateCardAsync(board.BoardId, "In progress", columnId: board.ColumnIds[1]);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "One too many", columnId = board.ColumnIds[1], swimlaneId = board.SwimlaneIds[1] }, "card { id }");

        AssertRefused(response, "WIP_LIMIT_REACHED");
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Single((await Alice.BoardAsync(board.BoardId, "cards { nodes { id } }")).Nodes("cards"));
    }

    [Fact]
    public async Task Moving_within_the_full_column_itself_is_allowed()
    {
        var board = await BoardWithWipLimitAsync(2);
        var doing = board.ColumnIds[1];
        var first = (await Alice.CreateCardAsync(board.BoardId, "First", columnId: doing)).Str("id");
        var second = (await Alice.CreateCardAsync(board.BoardId, "Second", columnId: doing)).Str("id");

        var reordered = CardOf(await Alice.MoveCardAsync(second, doing, beforeCardId: first), "moveCard");
        Assert.Equal(2, reordered.Number("version"));
        Assert.Equal([second, first], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));

        var toOtherLane = CardOf(await Alice.MoveCardAsync(first, doing, toSwimlaneId: board.SwimlaneIds[1]), "moveCard");
        Assert.Equal((doing, board.SwimlaneIds[1]), (toOtherLane.Str("column.id"), toOtherLane.Str("swimlane.id")));
    }

    [Fact]
    public async Task Archived_cards_do_not_count_against_the_wip_limit()
    {
        var board = await BoardWithWipLimitAsync(1);
        var done = (await Alice.CreateCardAsync(board.BoardId, "Parked", columnId: board.ColumnIds[1])).Str("id");
        var next = (await Alice.CreateCardAsync(board.BoardId, "Next")).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = done }), "archiveCard");

        var moved = CardOf(await Alice.MoveCardAsync(next, board.ColumnIds[1]), "moveCard");

        Assert.Equal(board.ColumnIds[1], moved.Str("column.id"));
        Assert.Equal(1, (await Alice.BoardAsync(board.BoardId, "columns { cardCount }")).Number("columns.1.cardCount"));
    }

    [Fact]
    public async Task Dropping_a_card_where_it_already_is_changes_nothing()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var a = (await Alice.CreateCardAsync(board.BoardId, "A")).Str("id");
        var b = (await Alice.CreateCardAsync(board.BoardId, "B")).Str("id");
        var c = (await Alice.CreateCardAsync(board.BoardId, "C")).Str("id");
        var cardBefore = await Alice.CardAsync(b);
        var before = await Alice.EventCountAsync(board.BoardId);

        var after = CardOf(await Alice.MoveCardAsync(b, column, afterCardId: a), "moveCard");
        var beforeNext = CardOf(await Alice.MoveCardAsync(b, column, beforeCardId: c), "moveCard");

        Assert.Equal([a, b, c], await Alice.CellAsync(board.BoardId, column, lane));
        Assert.Equal((1, 1), (after.Number("version"), beforeNext.Number("version")));
        Assert.Equal(cardBefore.ToString(), (await Alice.CardAsync(b)).ToString());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteCardMoveTests(SqliteApp app) : CardMoveTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardMoveTests(PostgresApp app) : CardMoveTests(app), IClassFixture<PostgresApp>;
