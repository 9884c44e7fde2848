using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>Blocking, archiving and restoring a card, and moving and reranking it.</summary>
public sealed class CardLifecycleTests : CardTestBase
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blocking_without_a_reason_is_refused(string reason)
    {
        var card = ReportedAndCleared();

        var error = Assert.Throws<DomainException>(() => card.Block(reason, Later));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("reason", error.Field);
        Assert.False(card.IsBlocked);
        Assert.Empty(card.Recorded());
    }

    [Fact]
    public void Blocking_records_the_trimmed_reason_once()
    {
        var card = ReportedAndCleared();

        card.Block("  Waiting for the payment provider ", Later);
        card.Block("Waiting for the payment provider", Later);

        Assert.True(card.IsBlocked);
        Assert.Equal("Waiting for the payment provider", card.BlockedReason);
        Assert.Equal(2, card.Version);
        var blocked = Assert.IsType<CardBlocked>(Assert.Single(card.Recorded()));
        Assert.Equal("Waiting for the payment provider", blocked.Reason);
    }

    [Fact]
    public void Unblocking_clears_the_reason_and_unblocking_again_records_nothing()
    {
        var card = Report();
        card.Block("Waiting", Now);
        card.ClearChanges();

        card.Unblock(Later);
        card.Unblock(Later);

        Assert.False(card.IsBlocked);
        Assert.Null(card.BlockedReason);
        Assert.IsType<CardUnblocked>(Assert.Single(card.Recorded()));
    }

    [Fact]
    public void An_archived_card_refuses_edits()
    {
        var card = Report();
        card.Archive(Now);

        var error = Assert.Throws<DomainException>(() => card.Edit(Details(title: "Something else"), Later));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("cardId", error.Field);
        Assert.Equal("Checkout times out", card.Title);
    }

    [Fact]
    public void An_archived_card_refuses_moves()
    {
        var card = Report();
        card.Archive(Now);
        var version = card.Version;

        var error = Assert.Throws<DomainException>(() => card.MoveTo(_board.Columns[1], _board.Swimlanes[0], "i", Later));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal(_board.Columns[0].Id, card.ColumnId);
        Assert.Equal(version, card.Version);
    }

    [Fact]
    public void An_archived_card_refuses_votes_blocks_and_evidence()
    {
        var card = Report();
        card.Archive(Now);

        Assert.Throws<DomainException>(() => card.CastVote("user-3", Later));
        Assert.Throws<DomainException>(() => card.Block("Waiting", Later));
        Assert.Throws<DomainException>(() => card.AddEvidence(EvidenceKind.Quote, "It hangs.", null, "user-1", Later));

        Assert.Empty(card.Votes);
        Assert.False(card.IsBlocked);
        Assert.Empty(card.Evidence);
    }

    [Fact]
    public void Archiving_then_restoring_brings_the_card_back()
    {
        var card = ReportedAndCleared();

        card.Archive(Now);
        card.Archive(Later);

        Assert.True(card.IsArchived);
        Assert.Equal(Now, card.ArchivedAt);

        card.Restore(Later);
        card.Restore(Later);

        Assert.False(card.IsArchived);
        Assert.Null(card.ArchivedAt);
        Assert.Equal(3, card.Version);
        Assert.Collection(card.Recorded(),
            change => Assert.IsType<CardArchived>(change),
            change => Assert.IsType<CardRestored>(change));

        card.Edit(Details(impact: 1), Later);
        Assert.Equal(1, card.Impact);
    }

    [Fact]
    public void Moving_a_card_records_where_it_came_from_and_went()
    {
        var card = ReportedAndCleared();
        var (fromColumn, fromLane) = (_board.Columns[0], _board.Swimlanes[0]);
        var (toColumn, toLane) = (_board.Columns[1], _board.Swimlanes[1]);

        card.MoveTo(toColumn, toLane, "r", Later);

        Assert.Equal((toColumn.Id, toLane.Id, "r"), (card.ColumnId, card.SwimlaneId, card.Rank));
        Assert.Equal(2, card.Version);
        var moved = Assert.IsType<CardMoved>(Assert.Single(card.Recorded()));
        Assert.Equal((fromColumn.Id, fromLane.Id, toColumn.Id, toLane.Id, "r"),
            (moved.FromColumnId, moved.FromSwimlaneId, moved.ToColumnId, moved.ToSwimlaneId, moved.Rank));
    }

    [Fact]
    public void Moving_a_card_to_where_it_is_records_nothing()
    {
        var card = ReportedAndCleared();

        card.MoveTo(_board.Columns[0], _board.Swimlanes[0], card.Rank, Later);

        Assert.Equal(1, card.Version);
        Assert.Empty(card.Recorded());
    }

    [Fact]
    public void Moving_a_card_to_another_board_is_refused()
    {
        var card = Report();
        var other = Board.Create("Other team", "user-1", Now);

        var error = Assert.Throws<DomainException>(() => card.MoveTo(other.Columns[1], _board.Swimlanes[0], "i", Later));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal(_board.Columns[0].Id, card.ColumnId);
    }

    [Fact]
    public void Reranking_keeps_the_version_and_the_last_activity()
    {
        var card = ReportedAndCleared();

        card.Rerank("5");

        Assert.Equal("5", card.Rank);
        Assert.Equal(1, card.Version);
        Assert.Equal(Now, card.LastActivityAt);
        Assert.Empty(card.Recorded());
    }
}
