using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;

namespace KanbanCustomer.Tests.Domain;

/// <summary>Merging a duplicate: what moves, the vote arithmetic, the repeat and the refusals.</summary>
public sealed class CardMergeTests : CardTestBase
{
    [Fact]
    public void A_merge_moves_evidence_experiments_tags_and_customers_and_archives_the_source()
    {
        var acme = Customer.Add(_board, new CustomerDetails("Acme", CustomerKind.External, null, null, null), "user-1", Now);
        var source = Report(Details(title: "Checkout slow", tags: ["checkout", "speed"]));
        source.AddEvidence(EvidenceKind.Quote, "Too slow", null, acme, EvidenceProximity.DirectContact, "user-2", Now);
        source.AddExperiment("A cache helps", "p95 under 2 s", "user-2", Now);
        var target = Report(Details(tags: ["Checkout", "payments"]));
        target.AddEvidence(EvidenceKind.Quote, "Times out", null, null, EvidenceProximity.SecondHand, "user-3", Now);
        source.ClearChanges();
        target.ClearChanges();

        Assert.True(source.MergeInto(target, Later));

        Assert.Equal(2, target.Evidence.Count);
        Assert.All(target.Evidence, e => Assert.Equal(target.Id, e.CardId));
        Assert.Equal(target.Id, Assert.Single(target.Experiments).CardId);
        Assert.Equal(["Checkout", "payments", "speed"], target.Tags);
        Assert.Equal(1, target.CustomerCount);
        Assert.Equal(1, target.DirectEvidenceCount);
        Assert.Empty(source.Evidence);
        Assert.Empty(source.Experiments);
        Assert.True(source.IsArchived);
        Assert.Equal(target.Id, source.MergedInto);
        Assert.Equal(ProblemScore.NoKey, source.ScoreKey);
        var merged = Assert.IsType<CardMerged>(Assert.Single(source.Recorded()));
        Assert.Equal((source.Id, target.Id, 1, 1), (merged.CardId, merged.TargetCardId, merged.EvidenceMoved, merged.ExperimentsMoved));
    }

    [Fact]
    public void Votes_become_the_distinct_voters_of_both_so_someone_who_voted_for_both_counts_once()
    {
        var source = Report();
        source.CastVote("ann", Now);
        source.CastVote("bob", Now);
        var target = Report();
        target.CastVote("bob", Now);
        target.CastVote("cid", Now);

        source.MergeInto(target, Later);

        Assert.Equal(["bob", "cid", "ann"], target.Votes.Select(v => v.VoterId));
        Assert.Equal(3, target.VoteCount);
        Assert.Empty(source.Votes);
        Assert.Equal(0, source.VoteCount);
        Assert.Equal(3, source.Recorded().OfType<CardMerged>().Single().VoteCount);
    }

    [Fact]
    public void Repeating_the_same_merge_changes_nothing()
    {
        var source = Report();
        var target = Report();
        source.MergeInto(target, Now);
        var (sourceVersion, targetVersion) = (source.Version, target.Version);
        source.ClearChanges();

        Assert.False(source.MergeInto(target, Later));

        Assert.Equal((sourceVersion, targetVersion), (source.Version, target.Version));
        Assert.Empty(source.Recorded());
    }

    [Fact]
    public void Merging_into_itself_another_board_an_archived_or_a_merged_card_is_refused_and_changes_nothing()
    {
        var source = Report();
        source.CastVote("ann", Now);
        var archived = Report();
        archived.Archive(Now);
        var merged = Report();
        merged.MergeInto(Report(), Now);
        var otherBoard = KanbanCustomer.Domain.Boards.Board.Create("Other", "user-1", Now);
        var foreign = Card.Report(otherBoard, otherBoard.Columns[0], otherBoard.Swimlanes[0], "i", Details(), "user-1", Now);
        var version = source.Version;

        foreach (var target in new[] { source, archived, merged, foreign })
            Assert.Equal(ErrorCodes.Validation, Assert.Throws<DomainException>(() => source.MergeInto(target, Later)).Code);

        Assert.Equal(version, source.Version);
        Assert.False(source.IsArchived);
        Assert.Single(source.Votes);
    }

    [Fact]
    public void A_card_merged_elsewhere_cannot_be_merged_again_or_restored()
    {
        var source = Report();
        var first = Report();
        source.MergeInto(first, Now);

        Assert.Equal("sourceCardId", Assert.Throws<DomainException>(() => source.MergeInto(Report(), Later)).Field);
        Assert.Equal("cardId", Assert.Throws<DomainException>(() => source.Restore(Later)).Field);
        Assert.True(source.IsArchived);
    }

    [Fact]
    public void A_merge_that_would_pass_the_tag_limit_is_refused_before_anything_moves()
    {
        var source = Report(Details(tags: Enumerable.Range(0, 12).Select(i => $"s{i}").ToList()));
        source.AddEvidence(EvidenceKind.Quote, "x", null, "user-2", Now);
        var target = Report(Details(tags: Enumerable.Range(0, 12).Select(i => $"t{i}").ToList()));

        Assert.Throws<DomainException>(() => source.MergeInto(target, Later));

        Assert.Single(source.Evidence);
        Assert.Empty(target.Evidence);
        Assert.Null(source.MergedInto);
    }
}
