using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Domain.Insights;

namespace KanbanCustomer.Tests.Domain;

/// <summary>The customer directory's rules, and an insight's way from the inbox to a card.</summary>
public sealed class CustomerAndInsightTests : CardTestBase
{
    private Customer Acme() => Customer.Add(_board, new CustomerDetails(" Acme ", CustomerKind.External, _board.Swimlanes[0].Id, " CRM-1 ", null), "user-1", Now);

    [Fact]
    public void A_customer_is_trimmed_and_an_empty_external_reference_means_none()
    {
        var acme = Acme();
        var blank = Customer.Add(_board, new CustomerDetails("Blank", CustomerKind.Internal, null, "  ", null), "user-1", Now);

        Assert.Equal(("Acme", "CRM-1", 1), (acme.Name, acme.ExternalRef, acme.Version));
        Assert.Null(blank.ExternalRef);
        Assert.IsType<CustomerAdded>(Assert.Single(acme.Recorded()));
    }

    [Fact]
    public void A_segment_must_be_a_lane_of_the_board_and_the_name_is_required()
    {
        Assert.Equal("segmentId", Assert.Throws<DomainException>(() =>
            Customer.Add(_board, new CustomerDetails("Acme", CustomerKind.External, Guid.NewGuid(), null, null), "user-1", Now)).Field);
        Assert.Equal("name", Assert.Throws<DomainException>(() =>
            Customer.Add(_board, new CustomerDetails(" ", CustomerKind.External, null, null, null), "user-1", Now)).Field);
    }

    [Fact]
    public void A_change_records_the_fields_that_changed_and_an_unchanged_one_records_nothing()
    {
        var acme = Acme();
        acme.ClearChanges();

        acme.Change(_board, new CustomerDetails("Acme Corp", CustomerKind.External, _board.Swimlanes[0].Id, "CRM-1", "Key account"), Later);
        acme.Change(_board, new CustomerDetails("Acme Corp", CustomerKind.External, _board.Swimlanes[0].Id, "CRM-1", "Key account"), Later);

        var updated = Assert.IsType<CustomerUpdated>(Assert.Single(acme.Recorded()));
        Assert.Equal(["name", "notes"], updated.Fields);
        Assert.Equal(2, acme.Version);
    }

    [Fact]
    public void An_archived_customer_takes_no_change_until_restored()
    {
        var acme = Acme();
        acme.Archive(Now);

        Assert.Throws<DomainException>(() => acme.Change(_board, new CustomerDetails("New", CustomerKind.External, null, null, null), Later));
        acme.Restore(Later);
        acme.Change(_board, new CustomerDetails("New", CustomerKind.External, null, null, null), Later);

        Assert.Equal("New", acme.Name);
    }

    [Fact]
    public void Attaching_an_insight_makes_evidence_with_its_author_time_customer_and_proximity()
    {
        var acme = Acme();
        var insight = Insight.Submit(_board, "Their buyers cannot find the invoice", acme, EvidenceProximity.DirectContact, "Call on Monday", "viewer-1", Now);
        var card = Report();

        var evidence = insight.AttachTo(card, acme, "member-1", Later);

        Assert.Equal(("viewer-1", Now, acme.Id, EvidenceProximity.DirectContact), (evidence.RecordedBy, evidence.RecordedAt, evidence.CustomerId, evidence.Proximity));
        Assert.Equal("Call on Monday", evidence.Source);
        Assert.Equal((InsightStatus.Attached, card.Id, evidence.Id), (insight.Status, insight.CardId, insight.EvidenceId));
        Assert.Equal(("member-1", Later), (insight.TriagedBy, insight.TriagedAt));
        Assert.Equal(1, card.CustomerCount);
    }

    [Fact]
    public void An_insight_is_triaged_once()
    {
        var insight = Insight.Submit(_board, "Slow export", null, EvidenceProximity.SecondHand, null, "viewer-1", Now);
        insight.Dismiss("Duplicate of the export card", "member-1", Later);

        var refused = Assert.Throws<DomainException>(() => insight.AttachTo(Report(), null, "member-2", Later));

        Assert.Equal(ErrorCodes.AlreadyTriaged, refused.Code);
        Assert.Equal((InsightStatus.Dismissed, "Duplicate of the export card"), (insight.Status, insight.DismissReason));
        Assert.Throws<DomainException>(() => insight.Dismiss("Again", "member-2", Later));
    }

    [Fact]
    public void Promoting_records_one_triage_event_with_the_new_card()
    {
        var insight = Insight.Submit(_board, "Exports time out", null, EvidenceProximity.SelfIsCustomer, null, "viewer-1", Now);
        insight.ClearChanges();
        var card = Report();

        insight.PromoteTo(card, null, "member-1", Later);

        var triaged = Assert.IsType<InsightTriaged>(Assert.Single(insight.Recorded()));
        Assert.Equal((InsightStatus.Promoted, card.Id), (triaged.Status, triaged.CardId));
        Assert.Equal(1, card.SelfEvidenceCount);
    }

    [Fact]
    public void An_empty_insight_or_one_about_an_archived_customer_is_refused()
    {
        var acme = Acme();
        acme.Archive(Now);

        Assert.Equal("text", Assert.Throws<DomainException>(() => Insight.Submit(_board, "  ", null, EvidenceProximity.SecondHand, null, "v", Now)).Field);
        Assert.Equal("customerId", Assert.Throws<DomainException>(() => Insight.Submit(_board, "x", acme, EvidenceProximity.SecondHand, null, "v", Now)).Field);
        Assert.Equal("proximity", Assert.Throws<DomainException>(() => Insight.Submit(_board, "x", null, (EvidenceProximity)9, null, "v", Now)).Field);
    }
}
