using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using Xunit;

namespace KanbanCustomer.Tests.Domain;

public sealed class BoardTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private static Board NewBoard() => Board.Create("Support team", "user-1", Now);

    [Fact]
    public void A_new_board_has_the_default_columns_in_order()
    {
        var board = NewBoard();

        Assert.Equal(["Reported", "Understood", "Experimenting", "Solved"], board.Columns.Select(c => c.Name));
        Assert.Equal([0, 1, 2, 3], board.Columns.Select(c => c.Position));
        Assert.All(board.Columns, c => Assert.Equal(board.Id, c.BoardId));
    }

    [Fact]
    public void Understood_is_the_only_commitment_point_of_a_new_board()
    {
        var board = NewBoard();

        var commitment = Assert.Single(board.Columns, c => c.IsCommitmentPoint);
        Assert.Equal("Understood", commitment.Name);
    }

    [Fact]
    public void Solved_is_the_only_done_column_and_never_goes_stale()
    {
        var board = NewBoard();

        var done = Assert.Single(board.Columns, c => c.IsDone);
        Assert.Equal("Solved", done.Name);
        Assert.Null(done.StaleAfter);
        Assert.All(board.Columns.Where(c => !c.IsDone), c => Assert.NotNull(c.StaleAfter));
    }

    [Fact]
    public void A_new_board_has_one_swimlane_for_external_and_one_for_internal_customers()
    {
        var board = NewBoard();

        Assert.Collection(board.Swimlanes,
            lane =>
            {
                Assert.Equal("External customers", lane.Name);
                Assert.Equal(CustomerKind.External, lane.CustomerKind);
                Assert.Equal(0, lane.Position);
            },
            lane =>
            {
                Assert.Equal("Internal customers", lane.Name);
                Assert.Equal(CustomerKind.Internal, lane.CustomerKind);
                Assert.Equal(1, lane.Position);
            });
    }

    [Fact]
    public void Creating_a_board_records_the_board_its_admin_then_each_column_and_swimlane()
    {
        var board = NewBoard();

        var created = Assert.IsType<BoardCreated>(board.Recorded()[0]);
        Assert.Equal(board.Id, created.BoardId);
        Assert.Equal("Support team", created.Name);
        var admin = Assert.IsType<MemberAdded>(board.Recorded()[1]);
        Assert.Equal((board.CreatedBy, BoardRole.Admin), (admin.UserId, admin.Role));
        var added = board.Recorded().OfType<ColumnAdded>().ToList();
        Assert.Equal(board.Columns.Select(c => (c.Id, c.Name, c.Position)), added.Select(a => (a.ColumnId, a.Name, a.Position)));
        Assert.Equal(2, board.Recorded().OfType<SwimlaneAdded>().Count());
        Assert.Equal(1 + 1 + 4 + 2, board.Recorded().Count);
    }

    [Fact]
    public void Changes_are_numbered_in_the_order_they_happened()
    {
        var board = NewBoard();
        var other = NewBoard();
        board.Rename("Customer care");

        var ordinals = board.Changes.Select(c => c.Ordinal).ToList();

        Assert.Equal(ordinals.Order(), ordinals);
        Assert.Equal(ordinals.Count, ordinals.Distinct().Count());
        Assert.True(other.Changes[^1].Ordinal < board.Changes[^1].Ordinal);
        Assert.True(other.Changes[0].Ordinal > board.Changes[^2].Ordinal);
    }

    [Fact]
    public void Creating_a_board_with_own_columns_uses_them_instead_of_the_defaults()
    {
        var board = Board.Create("Team", "user-1", Now, [new ColumnSpec("Inbox"), new ColumnSpec("Done", IsDone: true)]);

        Assert.Equal(["Inbox", "Done"], board.Columns.Select(c => c.Name));
        Assert.Equal(2, board.Swimlanes.Count);
    }

    [Fact]
    public void Creating_a_board_with_two_commitment_points_is_refused()
    {
        ColumnSpec[] columns = [new("A", IsCommitmentPoint: true), new("B", IsCommitmentPoint: true)];

        var error = Assert.Throws<DomainException>(() => Board.Create("Team", "user-1", Now, columns));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("columns", error.Field);
    }

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
    public void Renaming_a_board_to_its_own_name_records_nothing()
    {
        var board = NewBoard();
        board.ClearChanges();

        board.Rename("  Support team ");

        Assert.Empty(board.Recorded());
    }

    [Fact]
    public void Renaming_a_board_records_BoardRenamed()
    {
        var board = NewBoard();
        board.ClearChanges();

        board.Rename("Customer care");

        Assert.Equal("Customer care", board.Name);
        var renamed = Assert.IsType<BoardRenamed>(Assert.Single(board.Recorded()));
        Assert.Equal("Customer care", renamed.Name);
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

    [Fact]
    public void Adding_a_swimlane_whose_name_exists_is_refused()
    {
        var board = NewBoard();

        var error = Assert.Throws<DomainException>(() => board.AddSwimlane("internal customers", CustomerKind.External));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("name", error.Field);
        Assert.Equal(2, board.Swimlanes.Count);
    }

    [Fact]
    public void Updating_a_swimlane_with_its_current_values_records_nothing()
    {
        var board = NewBoard();
        var lane = board.Swimlanes[0];
        board.ClearChanges();

        board.UpdateSwimlane(lane.Id, lane.Name, lane.CustomerKind);

        Assert.Empty(board.Recorded());
    }

    [Fact]
    public void Removing_a_swimlane_that_holds_cards_is_refused()
    {
        var board = NewBoard();
        var lane = board.Swimlanes[0];

        var error = Assert.Throws<DomainException>(() => board.RemoveSwimlane(lane.Id, cardsInSwimlane: 2));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("swimlaneId", error.Field);
        Assert.Equal(2, board.Swimlanes.Count);
    }
}
