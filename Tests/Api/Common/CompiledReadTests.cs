using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The compiled read path (Api/Common/Reads) answers byte for byte what the resolvers answer. Each document is sent
/// twice: as written, and with <c>@include(if: true)</c> where it says <c>@usual</c>, which means the same but runs field by
/// field (the plan compiles no directive). The counter shows which path ran: the compiled one sends its statements
/// in one round trip; documents it does not compile (filters, cursors, archived cards, fields without SQL) and boards the
/// viewer may not see are handed to the resolvers, with their errors.
/// </summary>
public abstract class CompiledReadTests(KanbanApp app) : ApiTestBase(app)
{
    private const string Usual = "@usual";

    private const string OneBoard = """
        query OneBoard($id: ID!) { board(id: $id) @usual { id name columns { id name cards(first: 25) { nodes { ...CardFields } } } } }
        fragment CardFields on Card { id title impact }
        """;

    private const string EveryCompiledField = """
        query($id: ID!) {
          board(id: $id) @usual {
            __typename id name createdAt createdBy lastEventSeq viewerRole
            swimlanes { __typename id boardId name position customerKind }
            columns {
              ... on Column { id }
              boardId name position wipLimit isCommitmentPoint isDone cardCount
              cards(first: 7) {
                __typename
                pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
                nodes {
                  __typename ... on Node { id } id boardId rank title problemStatement customerKind impact reach reporterId
                  isBlocked blockedReason isArchived version createdAt updatedAt lastActivityAt enteredColumnAt staleSince snoozedUntil
                  isStale voteCount viewerHasVoted tags assignees column { __typename id } swimlane { id }
                  customerCount lastEvidenceAt evidenceCounts { __typename selfIsCustomer directContact secondHand }
                }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task The_board_screen_is_answered_as_the_resolvers_answer_it_in_one_round_trip()
    {
        var board = await SeedAsync(cardsPerCell: 4);

        // The board, its columns, their cards: three statements sent together.
        await SameAsUsualAsync(OneBoard, new { id = board.Id }, statements: 3);
    }

    [Fact]
    public async Task Every_field_with_SQL_serializes_as_its_resolver_does()
    {
        var board = await SeedAsync(cardsPerCell: 3);

        var text = await SameAsUsualAsync(EveryCompiledField, new { id = board.Id }, statements: 4);

        // The engine's relaxed escaping: quotes escaped, HTML and accents as they are, a surrogate pair as \u escapes.
        Assert.Contains("\\\"quoted\\\" <b>&amp; ünïcödé \\uD83D\\uDE00", text, StringComparison.Ordinal);
        Assert.Contains("\"blockedReason\":\"waiting for legal\"", text, StringComparison.Ordinal);
        Assert.Contains("\"wipLimit\":null", text, StringComparison.Ordinal);
        Assert.Contains("\"wipLimit\":3", text, StringComparison.Ordinal);
        Assert.Contains("\"customerKind\":\"INTERNAL\"", text, StringComparison.Ordinal);
        Assert.Contains("\"viewerRole\":\"MEMBER\"", text, StringComparison.Ordinal);
        Assert.Contains("\"isStale\":true", text, StringComparison.Ordinal);
        Assert.Contains("\"voteCount\":2,\"viewerHasVoted\":true", text, StringComparison.Ordinal);
        Assert.Contains("\"voteCount\":1,\"viewerHasVoted\":false", text, StringComparison.Ordinal);
        Assert.Contains("\"customerCount\":1,\"lastEvidenceAt\":\"", text, StringComparison.Ordinal);
        Assert.Contains("\"customerCount\":0,\"lastEvidenceAt\":null", text, StringComparison.Ordinal);
        Assert.Contains("\"evidenceCounts\":{\"__typename\":\"EvidenceCounts\",\"selfIsCustomer\":1,\"directContact\":1,\"secondHand\":1}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_persisted_board_screen_compiles()
    {
        var board = await SeedAsync(cardsPerCell: 20);
        var screen = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "PersistedOperations", "Board.graphql"), TestContext.Current.CancellationToken);

        // The board, its swimlanes, its columns, their cards (counts, votes and references inline): four statements.
        var text = await SameAsUsualAsync(screen.Replace("board(id: $id) {", "board(id: $id) @usual {", StringComparison.Ordinal), new { id = board.Id }, statements: 4);

        Assert.Contains("\"hasNextPage\":true", text, StringComparison.Ordinal);
        Assert.Contains("\"tags\":[\"billing\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_info_and_cursors_match_the_keyset_pages_and_the_cursor_pages_on()
    {
        // 3 swimlanes x 4 cards in each column: a page of 5 has a next page, a page of 12 has none, an empty column has no cursors.
        var board = await SeedAsync(cardsPerCell: 4);
        const string query = """
            query($id: ID!, $first: Int) {
              board(id: $id) @usual { columns { cards(first: $first) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } } }
            }
            """;

        var five = await SameAsUsualAsync(query, new { id = board.Id, first = 5 }, statements: 3);
        await SameAsUsualAsync(query, new { id = board.Id, first = 12 }, statements: 3);

        // The compiled cursor pages on through the resolvers: the next page starts after the fifth card.
        using var json = System.Text.Json.JsonDocument.Parse(five);
        var column = json.RootElement.At("data.board.columns")[0].GetProperty("cards");
        Assert.True(column.At("pageInfo.hasNextPage").GetBoolean());
        var after = column.At("pageInfo.endCursor").GetString();
        var next = await Alice.DataAsync("query($id: ID!, $after: String) { board(id: $id) { columns { cards(first: 5, after: $after) { nodes { id } } } } }", new { id = board.Id, after });
        var sixth = next.At("board.columns")[0].Nodes("cards")[0].Str("id");
        var twelve = await Alice.DataAsync("query($id: ID!) { board(id: $id) { columns { cards(first: 12) { nodes { id } } } } }", new { id = board.Id });
        Assert.Equal(twelve.At("board.columns")[0].Nodes("cards")[5].Str("id"), sixth);
    }

    [Fact]
    public async Task Aliases_merged_fields_and_the_default_page_size_compile_as_the_specification_collects_them()
    {
        var board = await SeedAsync(cardsPerCell: 20);
        const string query = """
            query($id: ID!) {
              b: board(id: $id) @usual {
                cols: columns { x: name name cards { nodes { t: title } n2: nodes { id } } }
                columns { id cards { nodes { id } } }
                name
              }
            }
            """;

        var text = await SameAsUsualAsync(query, new { id = board.Id }, statements: 5);

        // 20 cards in each of 3 swimlanes per column; no 'first': the default page of 50.
        Assert.Equal(4 * 50, System.Text.RegularExpressions.Regex.Count(text, "\"t\":"));
    }

    [Fact]
    public async Task The_boards_of_the_viewer_nest_as_the_resolvers_nest_them()
    {
        await SeedAsync(cardsPerCell: 2);
        await SeedAsync(cardsPerCell: 1);
        await SeedAsync(cardsPerCell: 2, aliceRole: null);

        await SameAsUsualAsync("{ boards(first: 10) @usual { __typename nodes { id name columns { name cards(first: 4) { nodes { title } } } } } }", null, statements: 3);
        await SameAsUsualAsync("{ boards(first: 1) @usual { nodes { name swimlanes { name } } } }", null, statements: 2);
    }

    [Fact]
    public async Task Several_root_fields_travel_together()
    {
        var mine = await SeedAsync(cardsPerCell: 1);
        var viewerOnly = await SeedAsync(cardsPerCell: 1, aliceRole: BoardRole.Viewer);

        await SameAsUsualAsync("""
            query($a: ID!, $b: ID!) { a: board(id: $a) @usual { name } b: board(id: $b) { name columns { name } } boards(first: 3) { nodes { id } } }
            """, new { a = mine.Id, b = viewerOnly.Id }, statements: 4);
    }

    [Fact]
    public async Task A_cell_of_more_cards_than_the_cell_walk_threshold_pages_in_board_order()
    {
        // Over GraphQL:CellWalkFromCards (500) in each cell: the resolvers walk the cells too.
        var board = await SeedAsync(cardsPerCell: 520, columns: 1);

        await SameAsUsualAsync("query($id: ID!) { board(id: $id) @usual { columns { cards(first: 30) { nodes { id rank } } } } }", new { id = board.Id }, statements: 3);
    }

    [Theory]
    [InlineData("cards(first: 5, includeArchived: true) { nodes { id isArchived } }")]
    [InlineData("cards(first: 5, where: { impact: { gte: 4 } }) { nodes { id impact } }")]
    [InlineData("cards(first: 5, order: [{ createdAt: DESC }]) { nodes { id } }")]
    [InlineData("cards(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } edges { cursor } }")]
    [InlineData("cards(first: 2) { totalCount edges { cursor node { id } } }")]
    [InlineData("cards(first: 2) { nodes { id voteCount evidence(first: 1) { nodes { id } } } }")]
    [InlineData("cardCount cards(last: 2) { nodes { id } }")]
    [InlineData("cards(first: 5) { nodes { id evidenceCounts { total } score { total evidence } customers { id name } } }")]
    [InlineData("cards(first: 5, where: { score: { gte: 1 } }, order: [{ score: DESC }]) { nodes { id customerCount lastEvidenceAt } }")]
    public async Task What_the_plan_does_not_compile_runs_field_by_field(string columnFields)
    {
        var board = await SeedAsync(cardsPerCell: 3);

        await SameAsUsualAsync($"query($id: ID!) {{ board(id: $id) @usual {{ columns {{ name {columnFields} }} }} }}", new { id = board.Id }, statements: null);
    }

    [Fact]
    public async Task A_board_the_viewer_may_not_see_gets_the_resolvers_error()
    {
        var strangers = await SeedAsync(cardsPerCell: 1, aliceRole: null);

        foreach (var id in new[] { strangers.Id, Ids.Global("Board", Guid.NewGuid()), Ids.Global("Column", Guid.NewGuid()), "not an id" })
        {
            var text = await SameAsUsualAsync("query($id: ID!) { board(id: $id) @usual { id name columns { name } } }", new { id }, statements: null);

            Assert.Contains("\"errors\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_change_shows_in_the_next_compiled_answer()
    {
        var board = await SeedAsync(cardsPerCell: 2);
        var before = await SameAsUsualAsync(OneBoard, new { id = board.Id }, statements: 3);

        var archived = await Alice.SendAsync("mutation($id: ID!) { archiveCard(input: { cardId: $id }) { card { id } } }", new { id = board.FirstCard });
        Assert.Null(archived.Errors);

        var after = await SameAsUsualAsync(OneBoard, new { id = board.Id }, statements: 3);
        Assert.Contains(board.FirstCard, before, StringComparison.Ordinal);
        Assert.DoesNotContain(board.FirstCard, after, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends the document as written and as the resolvers run it; both answers must be the same text. With
    /// <paramref name="statements"/> the first must have been compiled: that many statements, and no error.
    /// </summary>
    private async Task<string> SameAsUsualAsync(string document, object? variables, int? statements)
    {
        await Alice.DataAsync("{ viewer { id } }");
        App.Commands.Reset();
        var compiled = await Alice.SendAsync(document.Replace(Usual, "", StringComparison.Ordinal), variables);
        var sent = App.Commands.Commands;
        var usual = await Alice.SendAsync(document.Replace(Usual, "@include(if: true)", StringComparison.Ordinal), variables);

        Assert.Equal(usual.Text, compiled.Text);
        if (statements is { } count)
        {
            Assert.Null(compiled.Errors);
            Assert.Equal(count, sent.Count);
            Assert.All(sent, sql => Assert.DoesNotContain("__EFMigrationsHistory", sql, StringComparison.Ordinal));
        }

        return compiled.Text;
    }

    private sealed record SeededBoard(string Id, string FirstCard);

    /// <summary>
    /// A board by bob with alice in <paramref name="aliceRole"/> (none: not a member): four columns (one with a WIP limit),
    /// three swimlanes, <paramref name="cardsPerCell"/> cards in every cell with ranks interleaved across the cells, one
    /// archived and one blocked card per column, votes, stale cards, evidence naming a customer, and a title that needs escaping.
    /// </summary>
    private async Task<SeededBoard> SeedAsync(int cardsPerCell, BoardRole? aliceRole = BoardRole.Member, int columns = 4)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var now = App.Clock.GetUtcNow();
        ColumnSpec[] specs = [new("Inbox"), new("Understanding", WipLimit: 3, IsCommitmentPoint: true), new("Experimenting"), new("Learned", IsDone: true)];
        var board = Board.Create($"Compiled {Guid.NewGuid():N}", "bob", now, specs[..columns],
            [new("Shops", CustomerKind.External), new("Staff", CustomerKind.Internal), new("Partners", CustomerKind.External)]);
        if (aliceRole is { } role)
            board.AddMember("alice", role, "bob", now);
        db.Boards.Add(board);
        var customer = Customer.Add(board, new CustomerDetails("Shop \"Ü\"", CustomerKind.External, board.Swimlanes[0].Id, null, null), "bob", now);
        db.Customers.Add(customer);
        var ranks = RankKey.Spread(cardsPerCell * board.Swimlanes.Count);
        Card? first = null;
        foreach (var column in board.Columns)
        {
            for (var i = 0; i < cardsPerCell * board.Swimlanes.Count; i++)
            {
                var lane = board.Swimlanes[(i * 7) % board.Swimlanes.Count];
                var title = i == 1 ? "\"quoted\" <b>&amp; ünïcödé 😀" : $"Problem {i}";
                string[] tags = i % 3 == 0 ? ["billing", "ünïcödé \"tag\""] : [];
                var card = Card.Report(board, column, lane, ranks[(i * 5) % ranks.Count],
                    new CardDetails(title, i % 2 == 0 ? null : "statement", lane.CustomerKind, 1 + (i % 5), i, tags, i % 2 == 0 ? ["bob"] : []), "bob", now.AddMinutes(-i));
                if (i == 2)
                    card.Block("waiting for legal", now);
                if (i == 3)
                    card.Archive(now);
                // Evidence on every third card: from the customer themselves, heard directly from them, second hand.
                if (i % 3 == 1)
                {
                    card.AddEvidence(EvidenceKind.Observation, "seen", "self", customer, EvidenceProximity.SelfIsCustomer, "bob", now, now.AddMinutes(-i));
                    card.AddEvidence(EvidenceKind.Quote, "heard", "call", customer, EvidenceProximity.DirectContact, "bob", now, now.AddMinutes(-i));
                    card.AddEvidence(EvidenceKind.Metric, "counted", "analytics", "bob", now);
                }
                // Votes: alice and bob on every fourth card, bob alone on the ones after; every fifth card flagged stale.
                if (i % 4 == 0)
                    card.CastVote("alice", now);
                if (i % 4 is 0 or 1)
                    card.CastVote("bob", now);
                if (i % 5 == 4)
                    card.FlagStaleIfOverdue(TimeSpan.FromMinutes(1), StaleBasis.TimeInColumn, now.AddHours(1));
                first ??= card;
                db.Cards.Add(card);
            }
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new SeededBoard(Ids.Global("Board", board.Id), Ids.Global("Card", first!.Id));
    }
}

/// <summary>The response cache off: every request executes.</summary>
public sealed class SqliteUncachedApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:ResponseCache:Enabled"] = "false" };
}

/// <summary>The response cache off: every request executes.</summary>
public sealed class PostgresUncachedApp() : KanbanApp(new PostgresTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:ResponseCache:Enabled"] = "false" };
}

public sealed class SqliteCompiledReadTests(SqliteUncachedApp app) : CompiledReadTests(app), IClassFixture<SqliteUncachedApp>;

public sealed class PostgresCompiledReadTests(PostgresUncachedApp app) : CompiledReadTests(app), IClassFixture<PostgresUncachedApp>;
