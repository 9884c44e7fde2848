using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>
/// A card's details: reporting and editing, the rules on title, impact, reach, tags and assignees, and version
/// conflicts.
/// </summary>
public sealed class CardDetailsTests : CardTestBase
{
    public static TheoryData<string> InvalidTitles => new() { "", "   ", "\t\n", new string('x', Card.TitleMaxLength + 1) };

    [Fact]
    public void Reporting_a_card_starts_at_version_1_and_records_CardCreated()
    {
        var card = Report();

        Assert.Equal(1, card.Version);
        Assert.Equal(Now, card.CreatedAt);
        Assert.Equal(Now, card.UpdatedAt);
        Assert.Equal(Now, card.LastActivityAt);
        Assert.Equal("Checkout times out", card.Title);
        Assert.Equal("i", card.Rank);
        var created = Assert.IsType<CardCreated>(Assert.Single(card.Recorded()));
        Assert.Equal((_board.Id, card.Id, _board.Columns[0].Id, _board.Swimlanes[0].Id, "Checkout times out"),
            (created.BoardId, created.CardId, created.ColumnId, created.SwimlaneId, created.Title));
    }

    [Fact]
    public void Reporting_into_a_column_of_another_board_is_refused()
    {
        var other = Board.Create("Other team", "user-1", Now);

        var error = Assert.Throws<DomainException>(() =>
            Card.Report(_board, other.Columns[0], _board.Swimlanes[0], "i", Details(), "user-1", Now));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("columnId", error.Field);
    }

    [Fact]
    public void Editing_a_card_bumps_its_version_and_lists_the_changed_fields()
    {
        var card = ReportedAndCleared();

        card.Edit(Details(title: "Checkout fails", impact: 5), Later);

        Assert.Equal(2, card.Version);
        Assert.Equal("Checkout fails", card.Title);
        Assert.Equal(5, card.Impact);
        Assert.Equal(Later, card.UpdatedAt);
        Assert.Equal(Later, card.LastActivityAt);
        var updated = Assert.IsType<CardUpdated>(Assert.Single(card.Recorded()));
        Assert.Equal(card.Id, updated.CardId);
        Assert.Equal(["title", "impact"], updated.Fields);
    }

    [Fact]
    public void Editing_with_identical_details_records_nothing_and_keeps_the_version()
    {
        var card = ReportedAndCleared();

        card.Edit(Details(title: "  Checkout times out ", tags: ["checkout", " CHECKOUT "]), Later);

        Assert.Equal(1, card.Version);
        Assert.Equal(Now, card.UpdatedAt);
        Assert.Empty(card.Recorded());
    }

    [Theory]
    [MemberData(nameof(InvalidTitles))]
    public void Reporting_a_card_with_an_empty_or_too_long_title_is_refused(string title)
    {
        var error = Assert.Throws<DomainException>(() => Report(Details(title: title)));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("title", error.Field);
    }

    [Theory]
    [MemberData(nameof(InvalidTitles))]
    public void Editing_a_card_to_an_empty_or_too_long_title_is_refused_and_changes_nothing(string title)
    {
        var card = ReportedAndCleared();

        var error = Assert.Throws<DomainException>(() => card.Edit(Details(title: title, impact: 1), Later));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("title", error.Field);
        Assert.Equal("Checkout times out", card.Title);
        Assert.Equal(4, card.Impact);
        Assert.Equal(1, card.Version);
        Assert.Empty(card.Recorded());
    }

    [Fact]
    public void A_title_of_exactly_the_maximum_length_is_accepted()
    {
        var title = new string('x', Card.TitleMaxLength);

        var card = Report(Details(title: title));

        Assert.Equal(title, card.Title);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void An_impact_outside_1_to_5_is_refused(int impact)
    {
        var error = Assert.Throws<DomainException>(() => Report(Details(impact: impact)));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("impact", error.Field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void An_impact_of_1_to_5_is_accepted(int impact)
    {
        var card = Report(Details(impact: impact));

        Assert.Equal(impact, card.Impact);
    }

    [Fact]
    public void A_negative_reach_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Report(Details(reach: -1)));

        Assert.Equal("reach", error.Field);
    }

    [Fact]
    public void Tags_are_trimmed_and_deduplicated_ignoring_case()
    {
        var card = Report(Details(tags: [" billing ", "Billing", "login", "LOGIN  ", "billing", "Export"]));

        Assert.Equal(["billing", "login", "Export"], card.Tags);
    }

    [Fact]
    public void Assignees_are_deduplicated_respecting_case()
    {
        var card = Report(Details(assignees: ["ann", " ann ", "Ann"]));

        Assert.Equal(["ann", "Ann"], card.Assignees);
    }

    [Fact]
    public void An_empty_tag_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Report(Details(tags: ["billing", "  "])));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("tags", error.Field);
    }

    [Fact]
    public void A_change_against_an_old_version_is_a_conflict_naming_the_current_version()
    {
        var card = Report();
        card.Edit(Details(impact: 2), Later);

        var error = Assert.Throws<DomainException>(() => card.EnsureVersion(1));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Equal(2, error.Details["currentVersion"]);
    }

    [Fact]
    public void A_change_against_the_current_version_or_no_version_is_allowed()
    {
        var card = Report();
        card.Edit(Details(impact: 2), Later);

        Assert.Null(Record.Exception(() => card.EnsureVersion(2)));
        Assert.Null(Record.Exception(() => card.EnsureVersion(null)));
    }
}
