using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>A board's columns: adding, updating, the commitment point, moving and removing them.</summary>
public sealed class BoardColumnTests : BoardTestBase
{
    [Fact]
    public void Adding_a_column_records_ColumnAdded()
    {
        var board = NewBoard();
        board.ClearChanges();

        var column = board.AddColumn(new ColumnSpec("Parked", WipLimit: 3));

        var added = Assert.IsType<ColumnAdded>(Assert.Single(board.Recorded()));
        Assert.Equal(column.Id, added.ColumnId);
        Assert.Equal("Parked", added.Name);
        Assert.Equal(4, added.Position);
        Assert.Equal(3, column.WipLimit);
    }

    [Fact]
    public void Adding_a_column_at_a_position_shifts_the_columns_after_it()
    {
        var board = NewBoard();

        board.AddColumn(new ColumnSpec("Triage"), position: 1);

        Assert.Equal(["Reported", "Triage", "Understood", "Experimenting", "Solved"], board.Columns.Select(c => c.Name));
        Assert.Equal([0, 1, 2, 3, 4], board.Columns.Select(c => c.Position));
    }

    [Theory]
    [InlineData("Reported")]
    [InlineData("reported")]
    [InlineData("  SOLVED ")]
    public void Adding_a_column_whose_name_exists_is_refused(string name)
    {
        var board = NewBoard();
        board.ClearChanges();

        var error = Assert.Throws<DomainException>(() => board.AddColumn(new ColumnSpec(name)));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("name", error.Field);
        Assert.Equal(4, board.Columns.Count);
        Assert.Empty(board.Recorded());
    }

    [Fact]
    public void Renaming_a_column_to_another_columns_name_is_refused()
    {
        var board = NewBoard();
        var reported = board.Columns[0];

        var error = Assert.Throws<DomainException>(() =>
            board.UpdateColumn(reported.Id, "understood", reported.WipLimit, reported.StaleAfter, reported.IsCommitmentPoint, reported.IsDone, reported.StaleBasis, reported.AutoStaleAfter));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("name", error.Field);
        Assert.Equal("Reported", reported.Name);
    }

    [Fact]
    public void Updating_a_column_with_its_current_values_records_nothing()
    {
        var board = NewBoard();
        board.ClearChanges();
        var column = board.Columns[1];

        board.UpdateColumn(column.Id, column.Name, column.WipLimit, column.StaleAfter, column.IsCommitmentPoint, column.IsDone, column.StaleBasis, column.AutoStaleAfter);

        Assert.Empty(board.Recorded());
    }

    [Fact]
    public void Updating_a_column_records_only_the_fields_that_changed()
    {
        var board = NewBoard();
        board.ClearChanges();
        var column = board.Columns[2];

        board.UpdateColumn(column.Id, "Trying things", 5, column.StaleAfter, column.IsCommitmentPoint, column.IsDone, column.StaleBasis, column.AutoStaleAfter);

        var updated = Assert.IsType<ColumnUpdated>(Assert.Single(board.Recorded()));
        Assert.Equal(column.Id, updated.ColumnId);
        Assert.Equal(["name", "wipLimit"], updated.Fields);
        Assert.Equal("Trying things", column.Name);
        Assert.Equal(5, column.WipLimit);
    }

    [Fact]
    public void Making_another_column_the_commitment_point_clears_the_previous_one()
    {
        var board = NewBoard();
        board.ClearChanges();
        var experimenting = board.Columns[2];
        var understood = board.Columns[1];

        board.UpdateColumn(experimenting.Id, experimenting.Name, experimenting.WipLimit, experimenting.StaleAfter, isCommitmentPoint: true, experimenting.IsDone, experimenting.StaleBasis, experimenting.AutoStaleAfter);

        Assert.Equal(experimenting.Id, Assert.Single(board.Columns, c => c.IsCommitmentPoint).Id);
        Assert.False(understood.IsCommitmentPoint);
        var updates = board.Recorded().OfType<ColumnUpdated>().ToList();
        Assert.Contains(updates, u => u.ColumnId == understood.Id && u.Fields.SequenceEqual(["isCommitmentPoint"]));
        Assert.Contains(updates, u => u.ColumnId == experimenting.Id && u.Fields.SequenceEqual(["isCommitmentPoint"]));
    }

    [Fact]
    public void Adding_a_commitment_point_column_clears_the_previous_one()
    {
        var board = NewBoard();

        var column = board.AddColumn(new ColumnSpec("Committed", IsCommitmentPoint: true));

        Assert.Equal(column.Id, Assert.Single(board.Columns, c => c.IsCommitmentPoint).Id);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    public void Moving_a_column_renumbers_positions_from_zero(int from, int to)
    {
        var board = NewBoard();
        var expected = board.Columns.Select(c => c.Name).ToList();
        var column = board.Columns[from];
        expected.RemoveAt(from);
        expected.Insert(to, column.Name);
        board.ClearChanges();

        board.MoveColumn(column.Id, to);

        Assert.Equal(expected, board.Columns.Select(c => c.Name));
        Assert.Equal([0, 1, 2, 3], board.Columns.Select(c => c.Position));
        var moved = Assert.IsType<ColumnMoved>(Assert.Single(board.Recorded()));
        Assert.Equal((column.Id, from, to), (moved.ColumnId, moved.FromPosition, moved.ToPosition));
    }

    [Fact]
    public void Moving_a_column_to_where_it_is_records_nothing()
    {
        var board = NewBoard();
        board.ClearChanges();

        board.MoveColumn(board.Columns[2].Id, 2);

        Assert.Empty(board.Recorded());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Moving_a_column_outside_the_board_is_refused(int to)
    {
        var board = NewBoard();

        var error = Assert.Throws<DomainException>(() => board.MoveColumn(board.Columns[0].Id, to));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("toPosition", error.Field);
    }

    [Fact]
    public void Removing_a_column_that_holds_cards_is_refused()
    {
        var board = NewBoard();
        var column = board.Columns[1];

        var error = Assert.Throws<DomainException>(() => board.RemoveColumn(column.Id, cardsInColumn: 1));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("columnId", error.Field);
        Assert.Contains(board.Columns, c => c.Id == column.Id);
    }

    [Fact]
    public void Removing_an_empty_column_closes_the_gap_in_positions()
    {
        var board = NewBoard();
        var column = board.Columns[1];
        board.ClearChanges();

        board.RemoveColumn(column.Id, cardsInColumn: 0);

        Assert.Equal(["Reported", "Experimenting", "Solved"], board.Columns.Select(c => c.Name));
        Assert.Equal([0, 1, 2], board.Columns.Select(c => c.Position));
        var removed = Assert.IsType<ColumnRemoved>(Assert.Single(board.Recorded()));
        Assert.Equal(column.Id, removed.ColumnId);
    }

    [Fact]
    public void Removing_the_last_column_is_refused()
    {
        var board = Board.Create("Team", "user-1", Now, [new ColumnSpec("Only")]);
        var only = Assert.Single(board.Columns);

        var error = Assert.Throws<DomainException>(() => board.RemoveColumn(only.Id, cardsInColumn: 0));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Single(board.Columns);
    }

    [Fact]
    public void Looking_up_an_unknown_column_is_not_found()
    {
        var board = NewBoard();

        var error = Assert.Throws<DomainException>(() => board.GetColumn(Guid.NewGuid()));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }
}
