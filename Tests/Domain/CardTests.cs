using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Xunit;

namespace KanbanCustomer.Tests.Domain;

public sealed class CardTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Now.AddHours(2);

    private readonly Board _board = Board.Create("Support team", "user-1", Now);

    public static TheoryData<string> InvalidTitles => new() { "", "   ", "\t\n", new string('x', Card.TitleMaxLength + 1) };

    private static CardDetails Details(
        string title = "Checkout times out",
        string? problemStatement = "Customers give up paying after 30 seconds.",
        CustomerKind customerKind = CustomerKind.External,
        int impact = 4,
        int reach = 120,
        IReadOnlyList<string>? tags = null,
        IReadOnlyList<string>? assignees = null) =>
        new(title, problemStatement, customerKind, impact, reach, tags ?? ["checkout"], assignees ?? ["user-2"]);

    private Card Report(CardDetails? details = null) =>
        Card.Report(_board, _board.Columns[0], _board.Swimlanes[0], "i", details ?? Details(), "user-1", Now);

    private Card ReportedAndCleared()
    {
        var card = Report();
        card.ClearChanges();
        return card;
    }

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

    [Fact]
    public void Voting_twice_keeps_one_vote()
    {
        var card = ReportedAndCleared();

        card.CastVote("user-3", Now);
        card.CastVote("user-3", Later);

        var vote = Assert.Single(card.Votes);
        Assert.Equal("user-3", vote.VoterId);
        Assert.Equal(Now, vote.CastAt);
        Assert.True(card.HasVoteFrom("user-3"));
        var cast = Assert.IsType<VoteCast>(Assert.Single(card.Recorded()));
        Assert.Equal(1, cast.VoteCount);
        Assert.Equal(2, card.Version);
    }

    [Fact]
    public void Votes_from_different_members_add_up()
    {
        var card = ReportedAndCleared();

        card.CastVote("user-3", Now);
        card.CastVote("user-4", Now);

        Assert.Equal(2, card.Votes.Count);
        Assert.Equal([1, 2], card.Recorded().OfType<VoteCast>().Select(v => v.VoteCount));
    }

    [Fact]
    public void Withdrawing_a_vote_removes_it_and_withdrawing_again_records_nothing()
    {
        var card = Report();
        card.CastVote("user-3", Now);
        card.CastVote("user-4", Now);
        card.ClearChanges();

        card.WithdrawVote("user-3", Later);
        card.WithdrawVote("user-3", Later);

        Assert.False(card.HasVoteFrom("user-3"));
        Assert.Equal("user-4", Assert.Single(card.Votes).VoterId);
        var withdrawn = Assert.IsType<VoteWithdrawn>(Assert.Single(card.Recorded()));
        Assert.Equal(("user-3", 1), (withdrawn.VoterId, withdrawn.VoteCount));
    }

    [Theory]
    [InlineData("https://support.example.com/tickets/42")]
    [InlineData("http://intranet.example/report")]
    public void Link_evidence_with_an_http_or_https_url_is_accepted(string url)
    {
        var card = ReportedAndCleared();

        var evidence = card.AddEvidence(EvidenceKind.Link, url, "Support ticket", "user-2", Later);

        Assert.Equal(url, evidence.Content);
        Assert.Equal(EvidenceKind.Link, evidence.Kind);
        Assert.Equal("user-2", evidence.RecordedBy);
        Assert.Same(evidence, Assert.Single(card.Evidence));
        var added = Assert.IsType<EvidenceAdded>(Assert.Single(card.Recorded()));
        Assert.Equal(evidence.Id, added.EvidenceId);
        Assert.Equal(2, card.Version);
    }

    [Theory]
    [InlineData("support.example.com/tickets/42")]
    [InlineData("ftp://files.example.com/log.txt")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/tickets/42")]
    [InlineData("javascript:alert(1)")]
    [InlineData("just some words")]
    public void Link_evidence_without_an_http_or_https_url_is_refused(string content)
    {
        var card = ReportedAndCleared();

        var error = Assert.Throws<DomainException>(() => card.AddEvidence(EvidenceKind.Link, content, null, "user-2", Later));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("content", error.Field);
        Assert.Empty(card.Evidence);
        Assert.Empty(card.Recorded());
    }

    [Fact]
    public void Quote_evidence_need_not_be_a_url()
    {
        var card = Report();

        var evidence = card.AddEvidence(EvidenceKind.Quote, "  I just gave up and called. ", null, "user-2", Later);

        Assert.Equal("I just gave up and called.", evidence.Content);
        Assert.Equal("", evidence.Source);
    }

    [Fact]
    public void Removing_evidence_records_what_was_removed()
    {
        var card = Report();
        var evidence = card.AddEvidence(EvidenceKind.Metric, "40% abandon at payment", "Analytics", "user-2", Now);
        card.ClearChanges();

        card.RemoveEvidence(evidence.Id, Later);

        Assert.Empty(card.Evidence);
        var removed = Assert.IsType<EvidenceRemoved>(Assert.Single(card.Recorded()));
        Assert.Equal((evidence.Id, EvidenceKind.Metric, "40% abandon at payment", "Analytics"),
            (removed.EvidenceId, removed.Kind, removed.Content, removed.Source));
    }

    [Fact]
    public void Removing_unknown_evidence_is_not_found()
    {
        var card = Report();
        card.AddEvidence(EvidenceKind.Quote, "It hangs.", null, "user-2", Now);
        card.ClearChanges();
        var version = card.Version;

        var error = Assert.Throws<DomainException>(() => card.RemoveEvidence(Guid.NewGuid(), Later));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
        Assert.Single(card.Evidence);
        Assert.Equal(version, card.Version);
        Assert.Empty(card.Recorded());
    }
}
