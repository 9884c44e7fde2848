// Filter inputs are written inline, as a client would send them.
#pragma warning disable CA1861

using System.Text.Json;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Card lists as frontend teams use them: Relay connections with where / order, on SQLite and PostgreSQL.
/// The board is seeded through the domain: 12 named cards with known fields, plus filler cards for paging.
/// Holds what the card list tests share: the seeded board, page and error helpers, and whether pages walk cell by cell.
/// </summary>
public abstract class CardListTestBase(KanbanApp app) : ApiTestBase(app)
{
    private protected const string BoardQuery = """
        query($id: ID!, $where: CardFilterInput, $order: [CardSortInput!], $first: Int, $after: String, $last: Int, $before: String) {
          board(id: $id) {
            cards(where: $where, order: $order, first: $first, after: $after, last: $last, before: $before) {
              totalCount
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              edges { cursor node { id title impact reach } }
            }
          }
        }
        """;

    private protected static readonly string[] Titles =
    [
        "Invoice lacks order number", "invoice arrives late", "Ärger mit der Rechnung", "ÜBERWEISUNG scheitert",
        "Checkout fails for company cards", "Laptop wait for new hires", "VPN drops on site", "100% CPU on login",
        "Search ignores umlauts", "Export_to_CSV broken", "Password reset mail missing", "Slow dashboard",
    ];

    /// <summary>Whether this fixture's board-order pages go cell by cell (<c>GraphQL:CellWalkFromCards</c> reached).</summary>
    protected virtual bool WalksCells => false;

    /// <summary>The statement that reads a board order's cells (columns x swimlanes) with their cards counted up to a cap.</summary>
    private protected static bool IsCellsStatement(string sql) =>
        sql.Contains("\"Swimlanes\"", StringComparison.Ordinal) && sql.Contains("\"Columns\"", StringComparison.Ordinal)
        && sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase) && !sql.Contains("\"Impact\"", StringComparison.Ordinal)
        && !sql.Contains("LIKE", StringComparison.OrdinalIgnoreCase);

    private protected async Task<JsonElement> PageAsync(SeededBoard board, object arguments)
    {
        var variables = JsonSerializer.SerializeToNode(arguments)!.AsObject();
        variables["id"] = board.Id;
        var data = await Alice.DataAsync(BoardQuery, variables);
        return data.At("board.cards");
    }

    private protected sealed record SeededBoard(string Id, DateTimeOffset Start);

    /// <summary>
    /// A board whose card i (one a minute) has impact i%5+1, reach 10i, kind EXTERNAL for even i, tag "billing" when
    /// i%3==0 and no tags when i%4==0, i%3 votes, is blocked when i%5==2, stale for i in {7, 8}, and sits in column i%4
    /// and swimlane i%2, in title order within the board; filler cards ("filler n") come after them, in the last column.
    /// </summary>
    private protected async Task<SeededBoard> SeedAsync(int filler = 0)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var start = new DateTimeOffset(App.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-2);
        var name = $"Lists {Guid.NewGuid():N}";
        var board = Board.Create(name, "alice", start);
        db.Boards.Add(board);
        var ranks = RankKey.Spread(Titles.Length + filler);
        for (var i = 0; i < Titles.Length; i++)
        {
            var now = start.AddMinutes(i);
            IReadOnlyList<string> tags = i % 4 == 0 ? [] : i % 3 == 0 ? ["billing"] : ["ops"];
            var card = Card.Report(board, board.Columns[i % 4], board.Swimlanes[i % 2], ranks[i],
                new CardDetails(Titles[i], i == 8 ? "Users type Umlaute and find nothing" : "A statement", i % 2 == 0 ? CustomerKind.External : CustomerKind.Internal,
                    i % 5 + 1, i * 10, tags, []), "alice", now);
            foreach (var voter in new[] { "alice", "bob" }.Take(i % 3))
                card.CastVote(voter, now);
            if (i % 5 == 2)
                card.Block("waiting", now);
            if (i is 7 or 8)
                Assert.True(card.FlagStaleIfOverdue(TimeSpan.FromSeconds(1), StaleBasis.LastActivity, now.AddDays(1)));
            db.Cards.Add(card);
        }

        for (var i = 0; i < filler; i++)
        {
            db.Cards.Add(Card.Report(board, board.Columns[i % 4], board.Swimlanes[0], ranks[Titles.Length + i],
                new CardDetails($"filler {i}", "filler", CustomerKind.External, i % 5 + 1, 1, [], []), "alice", start.AddHours(1).AddSeconds(i)));
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var boards = await Alice.DataAsync("{ boards(first: 500) { nodes { id name } } }");
        var id = boards.At("boards.nodes").EnumerateArray().Single(b => b.Str("name") == name).Str("id");
        return new SeededBoard(id, start);
    }
}

/// <summary>Every board-order page goes cell by cell, however few cards a cell holds (the default waits for 500).</summary>
public sealed class CellWalkSqliteApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:CellWalkFromCards"] = "1" };
}

public sealed class CellWalkPostgresApp() : KanbanApp(new PostgresTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:CellWalkFromCards"] = "1" };
}
