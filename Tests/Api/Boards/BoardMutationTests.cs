using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

public abstract class BoardMutationTests(KanbanApp app) : ApiTestBase(app)
{
    private const string ColumnFields = "id name position wipLimit staleAfter isCommitmentPoint isDone";
    private const string SwimlaneFields = "id name position customerKind";

    private static List<string> Names(JsonElement list) => list.EnumerateArray().Select(e => e.Str("name")).ToList();

    private static List<int> Positions(JsonElement list) => list.EnumerateArray().Select(e => e.Number("position")).ToList();

    private Task<GraphQLResponse> ColumnMutationAsync(string mutation, string inputType, object input) =>
        Alice.MutateAsync(mutation, inputType, input, $"column {{ {ColumnFields} }} removedColumnId board {{ {TestData.BoardFields} }}");

    private Task<GraphQLResponse> SwimlaneMutationAsync(string mutation, string inputType, object input) =>
        Alice.MutateAsync(mutation, inputType, input, $"swimlane {{ {SwimlaneFields} }} removedSwimlaneId board {{ {TestData.BoardFields} }}");

    private static void AssertRefused(GraphQLResponse response, string code, string? field = null)
    {
        Assert.True(response.ErrorCode == code, $"Expected {code}, got {response.Text}");
        if (field is not null)
            Assert.Equal(field, response.FirstErrorExtensions.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_new_board_gets_the_default_columns_and_swimlanes()
    {
        var data = await Alice.DataAsync($"mutation {{ createBoard(input: {{ name: \"Support team\" }}) {{ board {{ {TestData.BoardFields} }} }} }}");
        var board = data.At("createBoard.board");
        Assert.Equal(["Reported", "Understood", "Experimenting", "Solved"],
            board.GetProperty("columns").EnumerateArray().Select(c => c.Str("name")));
        Assert.True(board.At("columns.1.isCommitmentPoint").GetBoolean());
        Assert.True(board.At("columns.3.isDone").GetBoolean());
        Assert.Equal(["EXTERNAL", "INTERNAL"], board.GetProperty("swimlanes").EnumerateArray().Select(s => s.Str("customerKind")));
    }

    [Fact]
    public async Task A_board_can_be_created_with_its_own_columns_and_swimlanes()
    {
        var response = await Alice.MutateAsync("createBoard", "CreateBoardInput", new
        {
            name = "Field sales",
            columns = new object[]
            {
                new { name = "Inbox" },
                new { name = "Doing", wipLimit = 2, staleAfter = "P3D", isCommitmentPoint = true },
                new { name = "Done", isDone = true },
            },
            swimlanes = new object[]
            {
                new { name = "Field sales (internal)", customerKind = "INTERNAL" },
                new { name = "SMB customers", customerKind = "EXTERNAL" },
            },
        }, $"board {{ {TestData.BoardFields} }}");

        Assert.Null(response.Errors);
        var board = response.Data.At("createBoard.board");
        var columns = board.GetProperty("columns");
        Assert.Equal(["Inbox", "Doing", "Done"], Names(columns));
        Assert.Equal([0, 1, 2], Positions(columns));
        Assert.Equal(JsonValueKind.Null, columns.At("0.wipLimit").ValueKind);
        Assert.Equal(JsonValueKind.Null, columns.At("0.staleAfter").ValueKind);
        Assert.False(columns.At("0.isCommitmentPoint").GetBoolean());
        Assert.Equal(2, columns.Number("1.wipLimit"));
        Assert.Equal("P3D", columns.Str("1.staleAfter"));
        Assert.True(columns.At("1.isCommitmentPoint").GetBoolean());
        Assert.False(columns.At("1.isDone").GetBoolean());
        Assert.True(columns.At("2.isDone").GetBoolean());
        var lanes = board.GetProperty("swimlanes");
        Assert.Equal(["Field sales (internal)", "SMB customers"], Names(lanes));
        Assert.Equal([0, 1], Positions(lanes));
        Assert.Equal(["INTERNAL", "EXTERNAL"], lanes.EnumerateArray().Select(s => s.Str("customerKind")));
        // BoardCreated, MemberAdded (the creator, as admin), three ColumnAdded, two SwimlaneAdded.
        Assert.Equal(7, board.Number("lastEventSeq"));

        var reread = await Alice.BoardAsync(board.Str("id"));
        Assert.Equal(columns.ToString(), reread.GetProperty("columns").ToString());
        Assert.Equal(lanes.ToString(), reread.GetProperty("swimlanes").ToString());
    }

    [Fact]
    public async Task A_board_with_two_commitment_points_is_refused()
    {
        var response = await Alice.MutateAsync("createBoard", "CreateBoardInput", new
        {
            name = "Two starts",
            columns = new object[] { new { name = "A", isCommitmentPoint = true }, new { name = "B", isCommitmentPoint = true } },
        }, "board { id }");

        AssertRefused(response, "VALIDATION", "columns");
    }

    [Fact]
    public async Task Renaming_a_board_changes_its_name_and_records_one_event()
    {
        var board = await Alice.CreateBoardAsync("Old name");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MutateAsync("renameBoard", "RenameBoardInput", new { boardId = board.BoardId, name = "  New name  " }, "board { id name }");

        Assert.Null(response.Errors);
        Assert.Equal("New name", response.Data.Str("renameBoard.board.name"));
        Assert.Equal("New name", (await Alice.BoardAsync(board.BoardId, "name")).Str("name"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var again = await Alice.MutateAsync("renameBoard", "RenameBoardInput", new { boardId = board.BoardId, name = "New name" }, "board { name }");
        Assert.Null(again.Errors);
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Renaming_a_board_to_an_empty_name_is_refused_on_the_name_field(string name)
    {
        var board = await Alice.CreateBoardAsync("Keeps its name");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MutateAsync("renameBoard", "RenameBoardInput", new { boardId = board.BoardId, name }, "board { name }");

        AssertRefused(response, "VALIDATION", "name");
        Assert.Equal("Keeps its name", (await Alice.BoardAsync(board.BoardId, "name")).Str("name"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

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

    [Fact]
    public async Task Adding_a_swimlane_at_a_position_shifts_the_swimlanes_after_it()
    {
        var board = await Alice.CreateBoardAsync();
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("addSwimlane", "AddSwimlaneInput",
            new { boardId = board.BoardId, name = "Field sales (internal)", customerKind = "INTERNAL", position = 0 });

        Assert.Null(response.Errors);
        var lane = response.Data.At("addSwimlane.swimlane");
        Assert.Equal(("Field sales (internal)", 0, "INTERNAL"), (lane.Str("name"), lane.Number("position"), lane.Str("customerKind")));
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(["Field sales (internal)", "External customers", "Internal customers"], Names(lanes));
        Assert.Equal([0, 1, 2], Positions(lanes));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var atEnd = await SwimlaneMutationAsync("addSwimlane", "AddSwimlaneInput", new { boardId = board.BoardId, name = "SMB customers", customerKind = "EXTERNAL" });
        Assert.Null(atEnd.Errors);
        Assert.Equal(3, atEnd.Data.Number("addSwimlane.swimlane.position"));
    }

    [Fact]
    public async Task Updating_a_swimlane_changes_only_the_fields_given()
    {
        var board = await Alice.CreateBoardAsync();
        var laneId = board.SwimlaneIds[0];
        var before = await Alice.EventCountAsync(board.BoardId);

        var renamed = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = "SMB customers" });
        Assert.Null(renamed.Errors);
        Assert.Equal(("SMB customers", "EXTERNAL"), (renamed.Data.Str("updateSwimlane.swimlane.name"), renamed.Data.Str("updateSwimlane.swimlane.customerKind")));

        var rekinded = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, customerKind = "INTERNAL" });
        Assert.Null(rekinded.Errors);

        var stored = (await Alice.BoardAsync(board.BoardId)).At("swimlanes.0");
        Assert.Equal(("SMB customers", "INTERNAL", 0), (stored.Str("name"), stored.Str("customerKind"), stored.Number("position")));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));

        var same = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = "SMB customers", customerKind = "INTERNAL" });
        Assert.Null(same.Errors);
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));

        var duplicate = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = "internal CUSTOMERS" });
        AssertRefused(duplicate, "VALIDATION", "name");
        var empty = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = " " });
        AssertRefused(empty, "VALIDATION", "name");
        Assert.Equal("SMB customers", (await Alice.BoardAsync(board.BoardId)).Str("swimlanes.0.name"));
    }

    [Fact]
    public async Task Moving_a_swimlane_reorders_the_lanes()
    {
        var board = await Alice.CreateBoardAsync();
        var added = await SwimlaneMutationAsync("addSwimlane", "AddSwimlaneInput", new { boardId = board.BoardId, name = "Partners", customerKind = "EXTERNAL" });
        Assert.Null(added.Errors);
        var partners = added.Data.Str("addSwimlane.swimlane.id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("moveSwimlane", "MoveSwimlaneInput", new { swimlaneId = partners, toPosition = 1 });

        Assert.Null(response.Errors);
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(["External customers", "Partners", "Internal customers"], Names(lanes));
        Assert.Equal([0, 1, 2], Positions(lanes));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var outside = await SwimlaneMutationAsync("moveSwimlane", "MoveSwimlaneInput", new { swimlaneId = partners, toPosition = -1 });
        AssertRefused(outside, "VALIDATION", "toPosition");
    }

    [Fact]
    public async Task A_swimlane_holding_a_card_cannot_be_removed_even_when_the_card_is_archived()
    {
        var board = await Alice.CreateBoardAsync();
        var card = await Alice.CreateCardAsync(board.BoardId, columnId: board.ColumnIds[3], swimlaneId: board.SwimlaneIds[1]);
        var archived = await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = card.Str("id") });
        Assert.Null(archived.Errors);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("removeSwimlane", "RemoveSwimlaneInput", new { swimlaneId = board.SwimlaneIds[1] });

        AssertRefused(response, "VALIDATION", "swimlaneId");
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(board.SwimlaneIds, lanes.EnumerateArray().Select(s => s.Str("id")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_empty_swimlane_can_be_removed_and_the_rest_close_up()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId, swimlaneId: board.SwimlaneIds[1]);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("removeSwimlane", "RemoveSwimlaneInput", new { swimlaneId = board.SwimlaneIds[0] });

        Assert.Null(response.Errors);
        Assert.Equal(JsonValueKind.Null, response.Data.At("removeSwimlane.swimlane").ValueKind);
        Assert.Equal(board.SwimlaneIds[0], response.Data.Str("removeSwimlane.removedSwimlaneId"));
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(["Internal customers"], Names(lanes));
        Assert.Equal([0], Positions(lanes));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var last = await SwimlaneMutationAsync("removeSwimlane", "RemoveSwimlaneInput", new { swimlaneId = board.SwimlaneIds[1] });
        AssertRefused(last, "VALIDATION", "swimlaneId");
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_not_found()
    {
        var board = await Alice.CreateBoardAsync();
        var before = await Alice.EventCountAsync(board.BoardId);
        // Well-formed ids of the wrong kind (a column's id given as a board's, and so on) are not found either.
        (string BoardId, string ColumnId, string SwimlaneId)[] cases =
        [
            (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
            ("not-an-id", "", "{}"),
            (board.ColumnIds[0], board.SwimlaneIds[0], board.ColumnIds[0]),
        ];

        foreach (var (boardId, columnId, swimlaneId) in cases)
        {
            (string Mutation, string InputType, object Input)[] attempts =
            [
                ("renameBoard", "RenameBoardInput", new { boardId, name = "Renamed" }),
                ("addColumn", "AddColumnInput", new { boardId, name = "New column" }),
                ("updateColumn", "UpdateColumnInput", new { columnId, name = "Renamed" }),
                ("moveColumn", "MoveColumnInput", new { columnId, toPosition = 0 }),
                ("removeColumn", "RemoveColumnInput", new { columnId }),
                ("addSwimlane", "AddSwimlaneInput", new { boardId, name = "New lane", customerKind = "EXTERNAL" }),
                ("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId, name = "Renamed" }),
                ("moveSwimlane", "MoveSwimlaneInput", new { swimlaneId, toPosition = 0 }),
                ("removeSwimlane", "RemoveSwimlaneInput", new { swimlaneId }),
            ];
            foreach (var (mutation, inputType, input) in attempts)
            {
                var response = await Alice.MutateAsync(mutation, inputType, input, "__typename");
                Assert.True(response.ErrorCode == "NOT_FOUND", $"{mutation} with ({boardId}, {columnId}, {swimlaneId}): expected NOT_FOUND, got {response.Text}");
            }
        }

        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        var stored = await Alice.BoardAsync(board.BoardId);
        Assert.Equal("Test board", stored.Str("name"));
        Assert.Equal(board.ColumnIds, stored.GetProperty("columns").EnumerateArray().Select(c => c.Str("id")));
    }

    [Fact]
    public async Task The_boards_query_lists_the_boards_the_viewer_is_a_member_of()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var first = await Alice.CreateBoardAsync($"Listed A {suffix}");
        var second = await Bob.CreateBoardAsync($"Listed B {suffix}");
        var hidden = await Bob.CreateBoardAsync($"Listed C {suffix}");
        await Bob.AddMemberAsync(second.BoardId, "alice", "VIEWER");

        var boards = (await Alice.AllBoardsAsync("id name createdBy"))
            .Select(b => (Id: b.Str("id"), Name: b.Str("name"), CreatedBy: b.Str("createdBy"))).ToList();

        var mine = boards.Where(b => b.Name.EndsWith(suffix, StringComparison.Ordinal)).ToList();
        Assert.Equal([(first.BoardId, $"Listed A {suffix}", "alice"), (second.BoardId, $"Listed B {suffix}", "bob")], mine);
        Assert.DoesNotContain(boards, b => b.Id == hidden.BoardId);
    }

    [Fact]
    public async Task Asking_for_an_unknown_board_is_not_found_and_the_board_is_null()
    {
        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-an-id" })
        {
            var response = await Alice.SendAsync("query($id: ID!) { board(id: $id) { id name } }", new { id });

            Assert.True(response.ErrorCode == "NOT_FOUND", response.Text);
            Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("board").ValueKind);
        }
    }
}

public sealed class SqliteBoardMutationTests(SqliteApp app) : BoardMutationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresBoardMutationTests(PostgresApp app) : BoardMutationTests(app), IClassFixture<PostgresApp>;
