using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;

namespace KanbanCustomer.Tests.Domain;

/// <summary>The card's measures and its problem score: the formula, the decay, and the stored key's ordering.</summary>
public sealed class ProblemScoreTests : CardTestBase
{
    private Customer NewCustomer(string name) =>
        Customer.Add(_board, new CustomerDetails(name, CustomerKind.External, null, null, null), "user-1", Now);

    [Fact]
    public void A_card_without_evidence_scores_zero_whatever_its_votes_and_impact()
    {
        var card = Report(Details(impact: 5));
        card.CastVote("user-3", Now);

        Assert.Equal(ProblemScore.NoKey, card.ScoreKey);
        Assert.Equal(0, card.ScoreAt(Now));
        Assert.Equal(1, card.VoteCount);
    }

    [Fact]
    public void The_score_is_impact_times_one_plus_votes_times_one_plus_customers_times_the_weighted_evidence()
    {
        var card = Report(Details(impact: 3));
        var acme = NewCustomer("Acme");
        card.AddEvidence(EvidenceKind.Quote, "It hurts", null, acme, EvidenceProximity.DirectContact, "user-2", Now);
        card.AddEvidence(EvidenceKind.Observation, "Me too", null, null, EvidenceProximity.SelfIsCustomer, "user-3", Now);
        card.AddEvidence(EvidenceKind.Observation, "Heard it", null, null, EvidenceProximity.SecondHand, "user-4", Now);
        card.CastVote("user-2", Now);
        card.CastVote("user-3", Now);

        // 3 x (1 + 2) x (1 + 1) x (2 + 3 + 1), all evidence fresh.
        Assert.Equal(3 * 3 * 2 * 6, card.ScoreAt(Now), 6);
        Assert.Equal(6, ProblemScore.EvidenceAt(card.EvidenceLog, Now), 9);
        Assert.Equal((1, 1, 1, 1), (card.CustomerCount, card.SelfEvidenceCount, card.DirectEvidenceCount, card.SecondHandEvidenceCount));
        Assert.Equal(Now, card.LastEvidenceAt);
    }

    [Fact]
    public void Evidence_loses_half_its_weight_every_half_life()
    {
        var card = Report(Details(impact: 1));
        card.AddEvidence(EvidenceKind.Quote, "Old", null, null, EvidenceProximity.DirectContact, "user-2", Now);

        Assert.Equal(2, card.ScoreAt(Now), 9);
        Assert.Equal(1, card.ScoreAt(Now + ProblemScore.HalfLife), 9);
        Assert.Equal(0.5, card.ScoreAt(Now + 2 * ProblemScore.HalfLife), 9);
    }

    [Fact]
    public void Older_evidence_counts_less_than_fresh_evidence_of_the_same_proximity()
    {
        var old = Report();
        old.AddEvidence(EvidenceKind.Quote, "Said long ago", null, null, EvidenceProximity.DirectContact, "user-2", Now);
        var fresh = Report();
        fresh.AddEvidence(EvidenceKind.Quote, "Said today", null, null, EvidenceProximity.DirectContact, "user-2", Now.AddDays(60));

        var at = Now.AddDays(61);
        Assert.True(fresh.ScoreAt(at) > old.ScoreAt(at));
        Assert.True(fresh.ScoreKey > old.ScoreKey);
    }

    [Fact]
    public void The_key_orders_cards_as_their_scores_do_at_any_moment()
    {
        var cards = Enumerable.Range(0, 12).Select(i =>
        {
            var card = Report(Details(impact: 1 + i % 5));
            for (var e = 0; e <= i % 3; e++)
                card.AddEvidence(EvidenceKind.Quote, $"e{e}", null, null, (EvidenceProximity)(e % 3), "user-2", Now.AddDays(-17 * i - e));
            for (var v = 0; v < i % 4; v++)
                card.CastVote($"voter-{v}", Now);
            return card;
        }).ToList();

        foreach (var at in new[] { Now, Now.AddDays(400), Now.AddYears(30) })
        {
            var byScore = cards.OrderByDescending(c => c.ScoreAt(at)).Select(c => c.Id).ToList();
            var byKey = cards.OrderByDescending(c => c.ScoreKey).Select(c => c.Id).ToList();
            Assert.Equal(byScore, byKey);
        }
    }

    [Fact]
    public void A_filter_bound_from_KeyFor_admits_exactly_the_cards_scoring_at_least_the_bound()
    {
        var card = Report(Details(impact: 2));
        card.AddEvidence(EvidenceKind.Quote, "It hurts", null, null, EvidenceProximity.SecondHand, "user-2", Now);
        var at = Now.AddDays(45);
        var score = card.ScoreAt(at);

        Assert.True(card.ScoreKey >= ProblemScore.KeyFor(score * 0.999, at));
        Assert.False(card.ScoreKey >= ProblemScore.KeyFor(score * 1.001, at));
        Assert.Null(ProblemScore.KeyFor(0, at));
    }

    [Fact]
    public void Customers_count_once_however_much_evidence_names_them_and_removal_recounts()
    {
        var card = Report();
        var acme = NewCustomer("Acme");
        var globex = NewCustomer("Globex");
        card.AddEvidence(EvidenceKind.Quote, "One", null, acme, EvidenceProximity.DirectContact, "user-2", Now);
        card.AddEvidence(EvidenceKind.Quote, "Two", null, acme, EvidenceProximity.DirectContact, "user-2", Now);
        var third = card.AddEvidence(EvidenceKind.Quote, "Three", null, globex, EvidenceProximity.SecondHand, "user-2", Later);
        Assert.Equal(2, card.CustomerCount);

        card.RemoveEvidence(third.Id, Later);

        Assert.Equal(1, card.CustomerCount);
        Assert.Equal(0, card.SecondHandEvidenceCount);
        Assert.Equal(Now, card.LastEvidenceAt);
    }

    [Fact]
    public void Changing_the_impact_rescores_without_the_evidence_loaded()
    {
        var card = Report(Details(impact: 1));
        card.AddEvidence(EvidenceKind.Quote, "It hurts", null, null, EvidenceProximity.SecondHand, "user-2", Now);
        var before = card.ScoreAt(Now);

        card.Edit(Details(impact: 4), Later);

        Assert.Equal(before * 4, card.ScoreAt(Now), 9);
    }

    [Fact]
    public void Evidence_about_a_customer_of_another_board_or_an_archived_one_is_refused()
    {
        var card = Report();
        var other = Customer.Add(KanbanCustomer.Domain.Boards.Board.Create("Other", "user-1", Now),
            new CustomerDetails("Elsewhere", CustomerKind.External, null, null, null), "user-1", Now);
        var archived = NewCustomer("Gone");
        archived.Archive(Now);

        Assert.Equal("customerId", Assert.Throws<DomainException>(() =>
            card.AddEvidence(EvidenceKind.Quote, "x", null, other, EvidenceProximity.DirectContact, "user-2", Now)).Field);
        Assert.Equal("customerId", Assert.Throws<DomainException>(() =>
            card.AddEvidence(EvidenceKind.Quote, "x", null, archived, EvidenceProximity.DirectContact, "user-2", Now)).Field);
        Assert.Empty(card.Evidence);
    }

    [Fact]
    public void Evidence_recorded_earlier_keeps_its_time_but_never_a_future_one()
    {
        var card = Report();

        var earlier = card.AddEvidence(EvidenceKind.Quote, "Submitted last week", null, null, EvidenceProximity.SecondHand, "user-9", Now, Now.AddDays(-7));
        var future = card.AddEvidence(EvidenceKind.Quote, "Clock skew", null, null, EvidenceProximity.SecondHand, "user-9", Now, Now.AddDays(1));

        Assert.Equal(Now.AddDays(-7), earlier.RecordedAt);
        Assert.Equal("user-9", earlier.RecordedBy);
        Assert.Equal(Now, future.RecordedAt);
    }
}
