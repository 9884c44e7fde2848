using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The board screen with each card's customers and score: one statement for the customers' level, whatever the number of
/// cards, and nothing more for the score and the measures (they are columns of the card's row).
/// </summary>
public abstract class CustomerStatementTests(KanbanApp app) : ApiTestBase(app)
{
    // @include keeps both documents on the resolver path, so the two counts differ only by what the new fields cost there.
    private const string Today = """
        query($id: ID!) { board(id: $id) @include(if: true) { id columns { id cards(first: 50) { nodes { id title voteCount } } } } }
        """;

    private const string WithCustomersAndScore = """
        query($id: ID!) {
          board(id: $id) @include(if: true) {
            id
            columns { id cards(first: 50) { nodes { id title voteCount score { total } customerCount lastEvidenceAt customers { id name } } } }
          }
        }
        """;

    private const string EvidenceToday = """
        query($id: ID!) { board(id: $id) { columns { cards(first: 50) { nodes { id evidence(first: 3) { nodes { id proximity } } } } } } }
        """;

    private const string EvidenceWithCustomers = """
        query($id: ID!) { board(id: $id) { columns { cards(first: 50) { nodes { id evidence(first: 3) { nodes { id proximity customer { id name } } } } } } } }
        """;

    [Fact]
    public async Task Customers_and_scores_on_the_board_screen_add_one_statement_per_new_level_on_boards_of_8_and_200_cards()
    {
        foreach (var cardsPerColumn in new[] { 2, 50 })
        {
            var board = await SeedBoardAsync(cardsPerColumn);

            var (today, _) = await CountAsync(Today, board);
            var (withCustomers, cards) = await CountAsync(WithCustomersAndScore, board, "board.columns");
            var (evidenceToday, _) = await CountAsync(EvidenceToday, board);
            var (evidenceWithCustomers, evidenceCards) = await CountAsync(EvidenceWithCustomers, board, "board.columns");

            TestContext.Current.TestOutputHelper?.WriteLine($"{App.Provider}, {cardsPerColumn * 4} cards: {today} -> {withCustomers} statements; evidence {evidenceToday} -> {evidenceWithCustomers}");
            Assert.Equal(cardsPerColumn * 4, cards.Count);
            Assert.All(cards, c =>
            {
                Assert.Equal(2, c.Number("customerCount"));
                Assert.Equal(["Acme", "Zeta"], c.GetProperty("customers").EnumerateArray().Select(x => x.Str("name")));
                Assert.True(c.At("score.total").GetDouble() > 0);
            });
            Assert.All(evidenceCards, c => Assert.Equal(["Acme", "Zeta", null], c.Nodes("evidence").Select(e => e.At("customer").ValueKind == System.Text.Json.JsonValueKind.Null ? null : e.Str("customer.name"))));
            // Card.customers is one level more (one statement); the score and the measures are read with the card.
            Assert.Equal(today + 1, withCustomers);
            // Evidence.customer is one level more: one statement for every piece of evidence on the screen.
            Assert.Equal(evidenceToday + 1, evidenceWithCustomers);
            Assert.InRange(withCustomers, 1, 6);
        }
    }

    private async Task<(int Statements, List<System.Text.Json.JsonElement> Cards)> CountAsync(string query, string boardId, string? columns = null)
    {
        await Alice.DataAsync("{ viewer { id } }");
        App.Commands.Reset();
        var data = await Alice.DataAsync(query, new { id = boardId });
        var statements = App.Commands.Count;
        return (statements, columns is null ? [] : data.At(columns).EnumerateArray().SelectMany(c => c.Nodes("cards")).ToList());
    }

    /// <summary>A 4-column board written through the domain: each card has evidence from two customers and one without, and a vote.</summary>
    private async Task<string> SeedBoardAsync(int cardsPerColumn)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var now = App.Clock.GetUtcNow();
        var board = Board.Create($"Customers {Guid.NewGuid():N}", "alice", now);
        db.Boards.Add(board);
        var acme = Customer.Add(board, new CustomerDetails("Acme", CustomerKind.External, board.Swimlanes[0].Id, null, null), "alice", now);
        var zeta = Customer.Add(board, new CustomerDetails("Zeta", CustomerKind.Internal, null, null, null), "alice", now);
        db.Customers.AddRange(acme, zeta);
        var ranks = RankKey.Spread(cardsPerColumn);
        foreach (var column in board.Columns)
        {
            for (var i = 0; i < cardsPerColumn; i++)
            {
                var card = Card.Report(board, column, board.Swimlanes[i % 2], ranks[i],
                    new CardDetails($"Problem {i}", "statement", CustomerKind.External, 3, 10, [], []), "alice", now);
                card.AddEvidence(EvidenceKind.Quote, "a quote", "call", acme, EvidenceProximity.DirectContact, "alice", now, now.AddMinutes(-3));
                card.AddEvidence(EvidenceKind.Observation, "seen it", "self", zeta, EvidenceProximity.SelfIsCustomer, "bob", now, now.AddMinutes(-2));
                card.AddEvidence(EvidenceKind.Metric, "a metric", "analytics", "bob", now);
                card.CastVote("bob", now);
                db.Cards.Add(card);
            }
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return KanbanCustomer.Api.Common.Ids.Global("Board", board.Id);
    }
}

public sealed class SqliteCustomerStatementTests(SqliteApp app) : CustomerStatementTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCustomerStatementTests(PostgresApp app) : CustomerStatementTests(app), IClassFixture<PostgresApp>;
