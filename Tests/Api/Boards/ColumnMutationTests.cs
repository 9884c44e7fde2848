using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Adding, updating, moving and removing a board's columns.</summary>
public abstract class ColumnMutationTests(KanbanApp app) : BoardMutationTestBase(app)
{
    private const string ColumnFields = "id name position wipLimit staleAfter isCommitmentPoint isDone";

    private Task<GraphQLResponse> ColumnMutationAsync(string mutation, string inputType, object input) =>
        Alice.MutateAsync(mutation, inputType, input, $"column {{ {ColumnFields} }} removedColumnId board {{ {TestData.BoardFields} }}");

    [Fact]
    public async Task Adding_a_column_at_a_position_shifts_the_columns_after_it()
    {
        var board = await Alice.CreateBoardAsync();
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await ColumnMutationAsync("addColumn", "AddColumnInput",
            new { boardId = board.BoardId, name = "Triaged", position = 1, wipLimit = 5, staleAfter = "P2D" });

        Assert.Null(response.Errors);
        var column = response.Data.At("addColumn.column");
        Assert.Equal(("Triaged", 1, 5, "P2D"), (column.Str("name"), column.Number("position"), column.Number("wipLimit"), column.Str("staleAfter")));
        var columns = (await Alice.BoardAsync(board.BoardId)).GetProperty("columns");
        Assert.Equal(["Reported", "Triaged", "Understood", "Experimenting", "Solved"], Names(columns));
        Assert.Equal([0, 1, 2, 3, 4], Positions(columns));
        Assert.Equal(column.Str("id"), columns.Str("1.id"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var atEnd = await ColumnMutationAsync("addColumn", "AddColumnInput", new { boardId = board.BoardId, name = "Learned" });
        Assert.Null(atEnd.Errors);
        Assert.Equal(5, atEnd.Data.Number("addColumn.column.position"));
        Assert.Equal(["Reported", "Triaged", "Understood", "Experimenting", "Solved", "Learned"], Names(atEnd.Data.At("addColumn.board.columns")));
    }

    [Fact]
    public async Task Adding_a_column_outside_the_flow_is_refused()
    {
        var board = await Alice.CreateBoardAsync();

        var response = await ColumnMutationAsync("addColumn", "AddColumnInput", new { boardId = board.BoardId, name = "Far away", position = 5 });

        AssertRefused(response, "VALIDATION", "position");
        Assert.Equal(4, (await Alice.BoardAsync(board.BoardId)).GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public async Task A_new_commitment_point_takes_the_flag_from_the_old_one()
    {
        var board = await Alice.CreateBoardAsync();
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await ColumnMutationAsync("addColumn", "AddColumnInput", new { boardId = board.BoardId, name = "Committed", position = 2, isCommitmentPoint = true });

        Assert.Null(response.Errors);
        var columns = (await Alice.BoardAsync(board.BoardId)).GetProperty("columns");
        Assert.Equal(["Committed"], columns.EnumerateArray().Where(c => c.At("isCommitmentPoint").GetBoolean()).Select(c => c.Str("name")));
        // ColumnAdded, and ColumnUpdated for Understood losing the flag.
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Updating_a_column_changes_only_the_fields_given()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Doing", wipLimit = 3, staleAfter = "P3D" }, new { name = "Done", isDone = true } });
        var columnId = board.ColumnIds[0];
        var before = await Alice.EventCountAsync(board.BoardId);

        var renamed = await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId, name = "Doing now" });
        Assert.Null(renamed.Errors);
        var column = renamed.Data.At("updateColumn.column");
        Assert.Equal(("Doing now", 3, "P3D", false), (column.Str("name"), column.Number("wipLimit"), column.Str("staleAfter"), column.At("isDone").GetBoolean()));

        var faster = await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId, staleAfter = "PT4H" });
        Assert.Null(faster.Errors);
        column = faster.Data.At("updateColumn.column");
        Assert.Equal(("Doing now", 3, "PT4H"), (column.Str("name"), column.Number("wipLimit"), column.Str("staleAfter")));

        var unlimited = await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId, wipLimit = (int?)null });
        Assert.Null(unlimited.Errors);
        column = unlimited.Data.At("updateColumn.column");
        Assert.Equal(JsonValueKind.Null, column.At("wipLimit").ValueKind);
        Assert.Equal(("Doing now", "PT4H"), (column.Str("name"), column.Str("staleAfter")));

        var stored = (await Alice.BoardAsync(board.BoardId)).At("columns.0");
        Assert.Equal(("Doing now", JsonValueKind.Null, "PT4H", 0), (stored.Str("name"), stored.At("wipLimit").ValueKind, stored.Str("staleAfter"), stored.Number("position")));
        Assert.Equal(before + 3, await Alice.EventCountAsync(board.BoardId));

        var same = await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId, name = "Doing now", staleAfter = "PT4H" });
        Assert.Null(same.Errors);
        Assert.Equal(before + 3, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_omitted_name_is_kept_and_a_null_name_is_refused()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Doing", wipLimit = 3 } }, swimlanes: new object[] { new { name = "Shops", customerKind = "EXTERNAL" } });

        var kept = await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId = board.ColumnIds[0], wipLimit = 4 });
        Assert.Null(kept.Errors);
        Assert.Equal(("Doing", 4), (kept.Data.Str("updateColumn.column.name"), kept.Data.Number("updateColumn.column.wipLimit")));
        var keptLane = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = board.SwimlaneIds[0], customerKind = "INTERNAL" });
        Assert.Null(keptLane.Errors);
        Assert.Equal("Shops", keptLane.Data.Str("updateSwimlane.swimlane.name"));

        AssertRefused(await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId = board.ColumnIds[0], name = (string?)null }), "VALIDATION", "name");
        AssertRefused(await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = board.SwimlaneIds[0], name = (string?)null }), "VALIDATION", "name");
    }

    [Fact]
    public async Task A_stale_threshold_can_be_cleared_with_null()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Doing", wipLimit = 3, staleAfter = "P3D" } });

        var response = await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId = board.ColumnIds[0], staleAfter = (string?)null });

        Assert.Null(response.Errors);
        var stored = (await Alice.BoardAsync(board.BoardId)).At("columns.0");
        Assert.Equal(JsonValueKind.Null, stored.At("staleAfter").ValueKind);
        Assert.Equal(3, stored.Number("wipLimit"));
    }

    [Fact]
    public async Task A_wip_limit_of_zero_is_refused()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Doing", wipLimit = 3 } });
        var before = await Alice.EventCountAsync(board.BoardId);

        var update = await ColumnMutationAsync("updateColumn", "UpdateColumnInput", new { columnId = board.ColumnIds[0], wipLimit = 0 });
        var add = await ColumnMutationAsync("addColumn", "AddColumnInput", new { boardId = board.BoardId, name = "Review", wipLimit = 0 });
        var create = await Alice.MutateAsync("createBoard", "CreateBoardInput", new { name = "Zero", columns = new object[] { new { name = "Doing", wipLimit = 0 } } }, "board { id }");

        AssertRefused(update, "VALIDATION", "wipLimit");
        AssertRefused(add, "VALIDATION", "wipLimit");
        AssertRefused(create, "VALIDATION", "wipLimit");
        var columns = (await Alice.BoardAsync(board.BoardId)).GetProperty("columns");
        Assert.Equal(["Doing"], Names(columns));
        Assert.Equal(3, columns.Number("0.wipLimit"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Moving_a_column_reorders_the_flow()
    {
        var board = await Alice.CreateBoardAsync();
        var solved = board.ColumnIds[3];
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await ColumnMutationAsync("moveColumn", "MoveColumnInput", new { columnId = solved, toPosition = 0 });

        Assert.Null(response.Errors);
        Assert.Equal(0, response.Data.Number("moveColumn.column.position"));
        var columns = (await Alice.BoardAsync(board.BoardId)).GetProperty("columns");
        Assert.Equal(["Solved", "Reported", "Understood", "Experimenting"], Names(columns));
        Assert.Equal([0, 1, 2, 3], Positions(columns));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var outside = await ColumnMutationAsync("moveColumn", "MoveColumnInput", new { columnId = solved, toPosition = 4 });
        AssertRefused(outside, "VALIDATION", "toPosition");
        var unchanged = await ColumnMutationAsync("moveColumn", "MoveColumnInput", new { columnId = solved, toPosition = 0 });
        Assert.Null(unchanged.Errors);
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_column_holding_a_card_cannot_be_removed_even_when_the_card_is_archived()
    {
        var board = await Alice.CreateBoardAsync();
        var card = await Alice.CreateCardAsync(board.BoardId, columnId: board.ColumnIds[2]);

        var whileActive = await ColumnMutationAsync("removeColumn", "RemoveColumnInput", new { columnId = board.ColumnIds[2] });
        var archived = await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = card.Str("id") });
        Assert.Null(archived.Errors);
        var before = await Alice.EventCountAsync(board.BoardId);
        var whileArchived = await ColumnMutationAsync("removeColumn", "RemoveColumnInput", new { columnId = board.ColumnIds[2] });

        AssertRefused(whileActive, "VALIDATION", "columnId");
        AssertRefused(whileArchived, "VALIDATION", "columnId");
        var columns = (await Alice.BoardAsync(board.BoardId)).GetProperty("columns");
        Assert.Equal(board.ColumnIds, columns.EnumerateArray().Select(c => c.Str("id")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_empty_column_can_be_removed_and_the_rest_close_up()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId, columnId: board.ColumnIds[0]);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await ColumnMutationAsync("removeColumn", "RemoveColumnInput", new { columnId = board.ColumnIds[1] });

        Assert.Null(response.Errors);
        Assert.Equal(JsonValueKind.Null, response.Data.At("removeColumn.column").ValueKind);
        Assert.Equal(board.ColumnIds[1], response.Data.Str("removeColumn.removedColumnId"));
        var columns = (await Alice.BoardAsync(board.BoardId)).GetProperty("columns");
        Assert.Equal(["Reported", "Experimenting", "Solved"], Names(columns));
        Assert.Equal([0, 1, 2], Positions(columns));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var again = await ColumnMutationAsync("removeColumn", "RemoveColumnInput", new { columnId = board.ColumnIds[1] });
        AssertRefused(again, "NOT_FOUND");
    }

    [Fact]
    public async Task The_last_column_cannot_be_removed()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Only" } });

        var response = await ColumnMutationAsync("removeColumn", "RemoveColumnInput", new { columnId = board.ColumnIds[0] });

        AssertRefused(response, "VALIDATION", "columnId");
        Assert.Equal(["Only"], Names((await Alice.BoardAsync(board.BoardId)).GetProperty("columns")));
    }
}

public sealed class SqliteColumnMutationTests(SqliteApp app) : ColumnMutationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresColumnMutationTests(PostgresApp app) : ColumnMutationTests(app), IClassFixture<PostgresApp>;
