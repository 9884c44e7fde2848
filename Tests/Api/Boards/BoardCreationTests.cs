using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Creating, renaming and listing boards, and ids that are unknown or malformed.</summary>
public abstract class BoardCreationTests(KanbanApp app) : BoardMutationTestBase(app)
{
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

public sealed class SqliteBoardCreationTests(SqliteApp app) : BoardCreationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresBoardCreationTests(PostgresApp app) : BoardCreationTests(app), IClassFixture<PostgresApp>;
