using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>A column's WIP limit: the values it may take and the room it leaves.</summary>
public sealed class BoardWipLimitTests : BoardTestBase
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void A_wip_limit_outside_1_to_999_is_refused(int wipLimit)
    {
        var board = NewBoard();
        var column = board.Columns[0];

        var onUpdate = Assert.Throws<DomainException>(() =>
            board.UpdateColumn(column.Id, column.Name, wipLimit, column.StaleAfter, column.IsCommitmentPoint, column.IsDone, column.StaleBasis, column.AutoStaleAfter));
        var onAdd = Assert.Throws<DomainException>(() => board.AddColumn(new ColumnSpec("New", WipLimit: wipLimit)));

        Assert.All([onUpdate, onAdd], error =>
        {
            Assert.Equal(ErrorCodes.Validation, error.Code);
            Assert.Equal("wipLimit", error.Field);
        });
        Assert.Null(column.WipLimit);
        Assert.Equal(4, board.Columns.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(999)]
    public void A_wip_limit_of_1_to_999_is_accepted(int wipLimit)
    {
        var board = NewBoard();
        var column = board.Columns[0];

        board.UpdateColumn(column.Id, column.Name, wipLimit, column.StaleAfter, column.IsCommitmentPoint, column.IsDone, column.StaleBasis, column.AutoStaleAfter);

        Assert.Equal(wipLimit, column.WipLimit);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(3, 4)]
    [InlineData(1, 1)]
    public void Moving_into_a_full_column_is_refused(int wipLimit, int activeCards)
    {
        var board = NewBoard();
        var column = board.AddColumn(new ColumnSpec("Limited", WipLimit: wipLimit));

        var error = Assert.Throws<DomainException>(() => Board.EnsureRoomIn(column, activeCards));

        Assert.Equal(ErrorCodes.WipLimitReached, error.Code);
        Assert.Equal(wipLimit, error.Details["wipLimit"]);
        Assert.Equal(column.Id, error.Details["columnId"]);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(1, 0)]
    public void Moving_into_a_column_below_its_limit_is_allowed(int wipLimit, int activeCards)
    {
        var board = NewBoard();
        var column = board.AddColumn(new ColumnSpec("Limited", WipLimit: wipLimit));

        var exception = Record.Exception(() => Board.EnsureRoomIn(column, activeCards));

        Assert.Null(exception);
    }

    [Fact]
    public void A_column_without_limit_always_has_room()
    {
        var column = NewBoard().Columns[0];

        var exception = Record.Exception(() => Board.EnsureRoomIn(column, 10_000));

        Assert.Null(column.WipLimit);
        Assert.Null(exception);
    }
}
