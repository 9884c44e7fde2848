using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

public abstract class BoardMutationTests(KanbanApp app) : ApiTestBase(app)
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
}

public sealed class SqliteBoardMutationTests(SqliteApp app) : BoardMutationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresBoardMutationTests(PostgresApp app) : BoardMutationTests(app), IClassFixture<PostgresApp>;
