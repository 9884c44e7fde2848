using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>Nested lists go through batch loaders: the SQL command count of a board query does not grow with the board.</summary>
public abstract class QueryBatchingTests(KanbanApp app) : ApiTestBase(app)
{
    private const string RichBoardQuery = """
        query($id: ID!) {
          board(id: $id) {
            id name
            swimlanes { id name customerKind }
            columns {
              id name wipLimit cardCount
              cards(first: 50) {
                nodes {
                  id title voteCount viewerHasVoted
                  column { id name } swimlane { id }
                  evidence(first: 2) { nodes { id kind } }
                  events(first: 1) { nodes { seq type } }
                }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task A_board_of_200_cards_with_evidence_and_votes_loads_in_as_few_commands_as_a_board_of_8()
    {
        var small = await SeedBoardAsync(cardsPerColumn: 2);
        var large = await SeedBoardAsync(cardsPerColumn: 50);

        var smallCommands = await CountCommandsAsync(small, expectedCards: 8);
        var largeCommands = await CountCommandsAsync(large, expectedCards: 200);

        TestContext.Current.TestOutputHelper?.WriteLine($"{App.Provider}: 8 cards -> {smallCommands} SQL commands, 200 cards -> {largeCommands}");
        Assert.Equal(smallCommands, largeCommands);
        // Measured for 8 cards: 10 = the viewer's role with the board's row (access check), swimlanes, columns (with their
        // cards counted up to CellWalkFromCards, so no cells statement), card counts, the columns' cards, votes, column by
        // id, swimlane by id, the cards' evidence (one UNION ALL), the cards' events (one UNION ALL).
        Assert.InRange(largeCommands, 1, 10);
    }

    [Fact]
    public async Task The_board_screen_loads_in_three_statements_sent_together()
    {
        var board = await SeedBoardAsync(cardsPerColumn: 5);
        const string query = "query($id: ID!) { board(id: $id) { id name columns { id name cards(first: 25) { nodes { id title impact } } } } }";

        await Alice.DataAsync("{ viewer { id } }");
        App.Commands.Reset();
        var data = await Alice.DataAsync(query, new { id = board });
        var commands = App.Commands.Commands;

        Assert.Equal(20, data.At("board.columns").EnumerateArray().Sum(c => c.Nodes("cards").Count));
        // Compiled (Api/Common/Reads): the board with the viewer's membership, its columns, their cards, in one round trip.
        Assert.Equal(3, commands.Count);
        // The cards cell by cell: ranked in SQL on PostgreSQL, in page order on SQLite (ReadSql.RanksPages).
        Assert.Contains("\"Cards\"", commands[2], StringComparison.Ordinal);
        Assert.Equal(App.Provider != "Sqlite", commands[2].Contains("row_number()", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_boards_with_their_cards_load_in_a_constant_number_of_commands()
    {
        await SeedBoardAsync(cardsPerColumn: 3);
        await SeedBoardAsync(cardsPerColumn: 3);
        const string query = "{ boards(first: 10) { nodes { id columns { id cards(first: 10) { nodes { id evidence(first: 2) { nodes { id } } voteCount } } } swimlanes { id } } } }";

        await Alice.DataAsync("{ viewer { id } }");
        App.Commands.Reset();
        var data = await Alice.DataAsync(query);
        var commands = App.Commands.Count;

        Assert.True(data.Nodes("boards").Count >= 2);
        Assert.InRange(commands, 1, 8);
    }

    private async Task<int> CountCommandsAsync(string boardId, int expectedCards)
    {
        await Alice.DataAsync("{ viewer { id } }"); // the first request of a user provisions them: not what is measured here
        App.Commands.Reset();
        var data = await Alice.DataAsync(RichBoardQuery, new { id = boardId });
        var commands = App.Commands.Count;

        var cards = data.At("board.columns").EnumerateArray().SelectMany(c => c.Nodes("cards")).ToList();
        Assert.Equal(expectedCards, cards.Count);
        Assert.All(cards, c =>
        {
            Assert.Equal(2, c.Nodes("evidence").Count);
            Assert.Equal(3, c.Number("voteCount"));
            Assert.True(c.GetProperty("viewerHasVoted").GetBoolean());
        });
        return commands;
    }

    /// <summary>Writes a 4-column board straight through the domain and EF: fast, and the same rows the API would write.</summary>
    private async Task<string> SeedBoardAsync(int cardsPerColumn)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var now = App.Clock.GetUtcNow();
        var board = Board.Create($"Batching {Guid.NewGuid():N}", "alice", now);
        db.Boards.Add(board);
        var ranks = RankKey.Spread(cardsPerColumn);
        foreach (var column in board.Columns)
        {
            for (var i = 0; i < cardsPerColumn; i++)
            {
                var card = Card.Report(board, column, board.Swimlanes[i % 2], ranks[i],
                    new CardDetails($"Problem {i}", "statement", CustomerKind.External, 3, 10, ["tag"], []), "alice", now);
                card.AddEvidence(EvidenceKind.Quote, "a quote", "support", "alice", now);
                card.AddEvidence(EvidenceKind.Metric, "a metric", "analytics", "bob", now);
                foreach (var voter in new[] { "alice", "bob", "carol" })
                    card.CastVote(voter, now);
                db.Cards.Add(card);
            }
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return Ids.Global("Board", board.Id);
    }
}

public sealed class SqliteQueryBatchingTests(SqliteApp app) : QueryBatchingTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresQueryBatchingTests(PostgresApp app) : QueryBatchingTests(app), IClassFixture<PostgresApp>;
