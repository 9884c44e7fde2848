using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>A new board: its default columns and swimlanes, its own columns, its events, and renaming it.</summary>
public sealed class NewBoardTests : BoardTestBase
{
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
}
