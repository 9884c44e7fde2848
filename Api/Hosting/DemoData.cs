using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Domain.Insights;
using KanbanCustomer.Domain.Notifications;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Hosting;

/// <summary>
/// One board with problems of external and internal customers: a customer directory, evidence heard first-hand and
/// second-hand, votes, an experiment, an insight waiting in the inbox, a discussion on a card, a duplicate merged into its original, and six weeks of flow (<see cref="DemoFlow"/>).
/// </summary>
public static class DemoData
{
    public const string DemoUser = "dev-user";

    /// <summary>The query the Development start-up log offers to try with curl (no double quotes: it goes into JSON as it is).</summary>
    public const string TryQuery =
        "{ boards(first: 5) { nodes { name newInsightCount columns { name cards(first: 10, order: [{ score: DESC }]) { nodes { title voteCount score { total } customers(first: 3) { name } evidence { totalCount } } } } } } }";

    public static async Task SeedAsync(KanbanDbContext db, DateTimeOffset now)
    {
        var board = Board.Create("Customer problems (demo)", DemoUser, now);
        var (reported, understood, experimenting) = (board.Columns[0], board.Columns[1], board.Columns[2]);
        var (external, @internal) = (board.Swimlanes[0], board.Swimlanes[1]);
        board.AddMember("support-agent", BoardRole.Member, DemoUser, now);
        board.AddMember("field-sales", BoardRole.Member, DemoUser, now);
        board.AddMember("account-manager", BoardRole.Viewer, DemoUser, now);
        db.Boards.Add(board);

        var nordwind = Customer.Add(board, new CustomerDetails("Nordwind Logistics GmbH", CustomerKind.External, external.Id, "CRM-1042", "Key account, 400 seats."), DemoUser, now);
        var bluebird = Customer.Add(board, new CustomerDetails("Bluebird Retail", CustomerKind.External, external.Id, "CRM-2210", null), DemoUser, now);
        var salesTeam = Customer.Add(board, new CustomerDetails("Field sales team", CustomerKind.Internal, @internal.Id, null, "12 reps on the road."), DemoUser, now);
        var newHires = Customer.Add(board, new CustomerDetails("New hires", CustomerKind.Internal, @internal.Id, null, null), DemoUser, now);
        db.Customers.AddRange(nordwind, bluebird, salesTeam, newHires);

        var ranks = RankKey.Spread(3);
        var checkout = Card.Report(board, understood, external, ranks[0],
            new CardDetails("Checkout fails for company cards", "Business customers cannot pay with corporate credit cards at checkout.",
                CustomerKind.External, 5, 1200, ["payments", "checkout"], [DemoUser]), DemoUser, now);
        checkout.AddEvidence(EvidenceKind.Quote, "\"We had to use a private card again, finance is not amused.\"", "Support ticket 4711", nordwind,
            EvidenceProximity.DirectContact, "support-agent", now, now.AddDays(-12));
        checkout.AddEvidence(EvidenceKind.Metric, "3.4% of B2B checkouts abort at the payment step", "Analytics, last 30 days", DemoUser, now);
        checkout.CastVote(DemoUser, now);
        checkout.CastVote("support-agent", now);

        var invoices = Card.Report(board, reported, external, ranks[0],
            new CardDetails("Invoices arrive without order numbers", "Customers' accounting cannot match our invoices to their purchase orders.",
                CustomerKind.External, 3, 300, ["invoicing"], []), DemoUser, now);
        invoices.AddEvidence(EvidenceKind.Observation, "Account managers forward about ten such mails a week.", "Field sales", bluebird,
            EvidenceProximity.SecondHand, "field-sales", now, now.AddDays(-40));

        var vpn = Card.Report(board, experimenting, @internal, ranks[0],
            new CardDetails("Field staff lose VPN on customer sites", "Sales reps cannot open the CRM while visiting customers.",
                CustomerKind.Internal, 4, 80, ["it", "field-sales"], []), DemoUser, now);
        vpn.AddEvidence(EvidenceKind.Link, "https://example.com/it/known-issues/vpn", "IT known issues", DemoUser, now);
        vpn.AddEvidence(EvidenceKind.Observation, "Lost the connection three times at one customer visit yesterday.", "My own visit", salesTeam,
            EvidenceProximity.SelfIsCustomer, "field-sales", now, now.AddDays(-2));
        var offline = vpn.AddExperiment("If reps get CRM offline mode, they can work through VPN drops on site.",
            "Half of the pilot reps log customer visits the same day, against a fifth today.", DemoUser, now);
        vpn.ChangeExperiment(offline.Id, new ExperimentChange(Status: ExperimentStatus.Running), now);
        vpn.Block("Waiting for the network team's firewall change", now);
        db.Comments.Add(Comment.Post(board, vpn, "field-sales",
            "Two more reps lost their visit notes this week.\n@support-agent, could you ask the network team for a date?", ["support-agent"], now));

        var onboarding = Card.Report(board, reported, @internal, ranks[1],
            new CardDetails("New hires wait a week for laptops", "Employees start without equipment and lose their first days.",
                CustomerKind.Internal, 3, 40, ["onboarding"], []), DemoUser, now);

        onboarding.AddEvidence(EvidenceKind.Quote, "\"I spent my first three days reading PDFs on my phone.\"", "Onboarding survey", newHires,
            EvidenceProximity.DirectContact, DemoUser, now, now.AddDays(-100));

        // The same problem reported twice: the duplicate was merged into the original, its evidence and vote moved there.
        var duplicate = Card.Report(board, reported, external, ranks[2],
            new CardDetails("Corporate Visa declined at payment", "A retail customer's corporate card is refused at checkout.",
                CustomerKind.External, 4, 50, ["payments"], []), "field-sales", now);
        duplicate.AddEvidence(EvidenceKind.Quote, "\"Our purchasing card never goes through on your shop.\"", "Phone call", bluebird,
            EvidenceProximity.DirectContact, "field-sales", now, now.AddDays(-3));
        duplicate.CastVote("field-sales", now);
        duplicate.CastVote("support-agent", now);
        duplicate.MergeInto(checkout, now);

        // Heard by someone close to the customer who cannot change the board: it waits in the inbox for triage.
        var insight = Insight.Submit(board, "Nordwind's warehouse leads print every invoice to match it by hand; they asked for the PO number on the PDF.",
            nordwind, EvidenceProximity.DirectContact, "Quarterly business review", "account-manager", now.AddDays(-1));
        db.Insights.Add(insight);

        db.Cards.AddRange(checkout, invoices, vpn, onboarding, duplicate);
        await db.SaveChangesAsync();
        await DemoFlow.SeedAsync(db, board, now);

        // The demo's history happened before anyone could be told: the inbox starts empty, live from here on.
        var told = await db.Boards.Where(b => b.Id == board.Id).Select(b => b.LastEventSeq).SingleAsync();
        db.NotificationCursors.Add(new NotificationCursor(board.Id, told));
        await db.SaveChangesAsync();
    }
}
