using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>A board's swimlanes: names, no-op updates, and removing one that holds cards.</summary>
public sealed class BoardSwimlaneTests : BoardTestBase
{
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
