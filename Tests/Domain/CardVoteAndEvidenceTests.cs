using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>Votes on a card, and the evidence attached to it.</summary>
public sealed class CardVoteAndEvidenceTests : CardTestBase
{
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
