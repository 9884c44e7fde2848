using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>A refused change leaves nothing half-written: no rows, no events, no shifted positions.</summary>
public abstract class AtomicityTests(KanbanApp app) : ApiTestBase(app)
{
    private async Task<List<string>> BoardIdsAsync() =>
        (await Alice.AllBoardsAsync("id")).Select(b => b.Str("id")).ToList();

    private static List<string> EventTypes(JsonElement card) => card.Nodes("events").Select(e => e.Str("type")).ToList();

    [Fact]
    public async Task In_a_document_of_two_mutations_a_refused_second_leaves_the_first_and_nothing_of_its_own()
    {
        var board = await Alice.CreateTeamBoardAsync(columns: new object[] { new { name = "Inbox" }, new { name = "Doing", wipLimit = 1 } });
        await Alice.CreateCardAsync(board.BoardId, "In progress", columnId: board.ColumnIds[1]);
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Waiting")).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.SendAsync("""
            mutation($cardId: ID!, $doing: ID!) {
              first: updateCard(input: { cardId: $cardId, title: "Waiting, renamed" }) { card { title version } }
              second: moveCard(input: { cardId: $cardId, toColumnId: $doing }) { card { id } }
            }
            """, new { cardId, doing = board.ColumnIds[1] });

        Assert.True(response.ErrorCode == "WIP_LIMIT_REACHED", response.Text);
        Assert.Equal("second", response.Errors!.Value[0].GetProperty("path")[0].GetString());
        var card = await Alice.CardAsync(cardId, "title version column { id } events { nodes { type } }");
        Assert.Equal(("Waiting, renamed", 2, board.ColumnIds[0]), (card.Str("title"), card.Number("version"), card.Str("column.id")));
        Assert.Equal(["CardCreated", "CardUpdated"], EventTypes(card));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task In_a_document_of_two_mutations_a_refused_first_does_not_stop_the_second()
    {
        var board = await Alice.CreateTeamBoardAsync("Two changes");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.SendAsync("""
            mutation($boardId: ID!) {
              first: addColumn(input: { boardId: $boardId, name: "reported" }) { column { id } }
              second: renameBoard(input: { boardId: $boardId, name: "Renamed in the same request" }) { board { name } }
            }
            """, new { boardId = board.BoardId });

        Assert.True(response.ErrorCode == "VALIDATION", response.Text);
        var stored = await Alice.BoardAsync(board.BoardId);
        Assert.Equal("Renamed in the same request", stored.Str("name"));
        Assert.Equal(4, stored.GetProperty("columns").GetArrayLength());
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Each_mutation_of_a_document_returns_the_state_after_itself()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");

        var response = await Alice.SendAsync("""
            mutation($boardId: ID!, $cardId: ID!) {
              one: addColumn(input: { boardId: $boardId, name: "One" }) { board { columns { name } } }
              two: addColumn(input: { boardId: $boardId, name: "Two" }) { board { columns { name } } }
              aliceVotes: vote(input: { cardId: $cardId }) { card { voteCount version } }
              aliceTakesItBack: unvote(input: { cardId: $cardId }) { card { voteCount version } }
            }
            """, new { boardId = board.BoardId, cardId });

        Assert.True(response.Errors is null, response.Text);
        var seen = (
            string.Join(",", response.Data.At("one.board.columns").EnumerateArray().Select(c => c.Str("name"))),
            string.Join(",", response.Data.At("two.board.columns").EnumerateArray().Select(c => c.Str("name"))),
            response.Data.Number("aliceVotes.card.voteCount"), response.Data.Number("aliceVotes.card.version"),
            response.Data.Number("aliceTakesItBack.card.voteCount"), response.Data.Number("aliceTakesItBack.card.version"));
        Assert.True(seen == ("Reported,Understood,Experimenting,Solved,One", "Reported,Understood,Experimenting,Solved,One,Two", 1, 2, 0, 3), response.Text);
    }

    [Fact]
    public async Task A_board_with_too_many_columns_is_refused_and_not_created()
    {
        var before = await BoardIdsAsync();
        var name = $"Too wide {Guid.NewGuid():N}";

        var tooManyColumns = await Alice.MutateAsync("createBoard", "CreateBoardInput",
            new { name, columns = Enumerable.Range(1, 21).Select(i => new { name = $"Step {i}" }).ToList() }, "board { id }");
        var tooManyLanes = await Alice.MutateAsync("createBoard", "CreateBoardInput",
            new { name, swimlanes = Enumerable.Range(1, 21).Select(i => new { name = $"Group {i}", customerKind = "EXTERNAL" }).ToList() }, "board { id }");
        var duplicateColumns = await Alice.MutateAsync("createBoard", "CreateBoardInput",
            new { name, columns = new object[] { new { name = "Doing" }, new { name = "DOING" } } }, "board { id }");

        Assert.True(tooManyColumns.ErrorCode == "VALIDATION", tooManyColumns.Text);
        Assert.Equal("columns", tooManyColumns.FirstErrorExtensions.GetProperty("field").GetString());
        Assert.True(tooManyLanes.ErrorCode == "VALIDATION", tooManyLanes.Text);
        Assert.True(duplicateColumns.ErrorCode == "VALIDATION", duplicateColumns.Text);
        Assert.Equal(before, await BoardIdsAsync());

        var twenty = await Alice.MutateAsync("createBoard", "CreateBoardInput",
            new { name, columns = Enumerable.Range(1, 20).Select(i => new { name = $"Step {i}" }).ToList() }, "board { id columns { id } }");
        Assert.True(twenty.Errors is null, twenty.Text);
        Assert.Equal(20, twenty.Data.At("createBoard.board.columns").GetArrayLength());
        Assert.Equal(before.Append(twenty.Data.Str("createBoard.board.id")).Order(StringComparer.Ordinal), (await BoardIdsAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_column_name_is_refused_and_the_board_is_unchanged()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var columnsBefore = (await Alice.BoardAsync(board.BoardId)).GetProperty("columns").ToString();
        var before = await Alice.EventCountAsync(board.BoardId);

        var added = await Alice.MutateAsync("addColumn", "AddColumnInput", new { boardId = board.BoardId, name = " understood ", position = 0, isCommitmentPoint = true }, "column { id }");
        var renamed = await Alice.MutateAsync("updateColumn", "UpdateColumnInput", new { columnId = board.ColumnIds[0], name = "SOLVED", wipLimit = 4 }, "column { id }");

        Assert.True(added.ErrorCode == "VALIDATION", added.Text);
        Assert.Equal("name", added.FirstErrorExtensions.GetProperty("field").GetString());
        Assert.True(renamed.ErrorCode == "VALIDATION", renamed.Text);
        Assert.Equal("name", renamed.FirstErrorExtensions.GetProperty("field").GetString());
        Assert.Equal(columnsBefore, (await Alice.BoardAsync(board.BoardId)).GetProperty("columns").ToString());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_move_refused_for_the_wip_limit_leaves_no_trace_in_the_history()
    {
        var board = await Alice.CreateTeamBoardAsync(columns: new object[] { new { name = "Inbox" }, new { name = "Doing", wipLimit = 1 } });
        var busy = (await Alice.CreateCardAsync(board.BoardId, "In progress", columnId: board.ColumnIds[1])).Str("id");
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Waiting")).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Bob.MoveCardAsync(cardId, board.ColumnIds[1], afterCardId: busy, expectedVersion: 1);

        Assert.True(response.ErrorCode == "WIP_LIMIT_REACHED", response.Text);
        var card = await Alice.CardAsync(cardId, "version rank column { id } events { nodes { type } }");
        Assert.Equal(["CardCreated"], EventTypes(card));
        Assert.Equal((1, board.ColumnIds[0]), (card.Number("version"), card.Str("column.id")));
        Assert.Equal(["CardCreated"], EventTypes(await Alice.CardAsync(busy, "events { nodes { type } }")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteAtomicityTests(SqliteApp app) : AtomicityTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAtomicityTests(PostgresApp app) : AtomicityTests(app), IClassFixture<PostgresApp>;
