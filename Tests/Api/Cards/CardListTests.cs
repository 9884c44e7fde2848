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
/// </summary>
public abstract class CardListTests(KanbanApp app) : ApiTestBase(app)
{
    private const string BoardQuery = """
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

    private static readonly string[] Titles =
    [
        "Invoice lacks order number", "invoice arrives late", "Ärger mit der Rechnung", "ÜBERWEISUNG scheitert",
        "Checkout fails for company cards", "Laptop wait for new hires", "VPN drops on site", "100% CPU on login",
        "Search ignores umlauts", "Export_to_CSV broken", "Password reset mail missing", "Slow dashboard",
    ];

    [Fact]
    public async Task Contains_and_startsWith_ignore_case_also_for_non_ASCII_letters()
    {
        var board = await SeedAsync();

        Assert.Equal(["Invoice lacks order number", "invoice arrives late"], await TitlesAsync(board, new { title = new { contains = "INVOICE" } }));
        Assert.Equal(["Ärger mit der Rechnung"], await TitlesAsync(board, new { title = new { contains = "ärger" } }));
        Assert.Equal(["ÜBERWEISUNG scheitert"], await TitlesAsync(board, new { title = new { startsWith = "überw" } }));
        Assert.Equal(["Search ignores umlauts"], await TitlesAsync(board, new { problemStatement = new { contains = "UMLAUT" } }));
        // LIKE wildcards in a term are plain characters.
        Assert.Equal(["100% CPU on login"], await TitlesAsync(board, new { title = new { contains = "0%" } }));
        Assert.Equal(["Export_to_CSV broken"], await TitlesAsync(board, new { title = new { contains = "t_t" } }));
        Assert.Empty(await TitlesAsync(board, new { title = new { contains = "%" }, impact = new { eq = 4 } }));
    }

    [Fact]
    public async Task Number_text_and_choice_operations_filter_in_SQL()
    {
        var board = await SeedAsync();

        Assert.Equal(Named(i => i % 5 + 1 >= 4), await TitlesAsync(board, new { impact = new { gte = 4 } }));
        Assert.Equal(Named(i => i % 5 + 1 > 4), await TitlesAsync(board, new { impact = new { gt = 4 } }));
        Assert.Equal(Named(i => i % 5 + 1 < 2), await TitlesAsync(board, new { impact = new { lt = 2 } }));
        Assert.Equal(Named(i => i % 5 + 1 <= 2), await TitlesAsync(board, new { impact = new { lte = 2 } }));
        Assert.Equal(Named(i => i % 5 + 1 is 1 or 3), await TitlesAsync(board, new { impact = new { @in = new[] { 1, 3 } } }));
        Assert.Equal(Named(i => i % 5 + 1 is not (1 or 3)), await TitlesAsync(board, new { impact = new { nin = new[] { 1, 3 } } }));
        Assert.Equal(Named(i => i * 10 != 30), await TitlesAsync(board, new { reach = new { neq = 30 } }));
        Assert.Equal(["Slow dashboard"], await TitlesAsync(board, new { title = new { eq = "Slow dashboard" } }));
        Assert.Equal(["VPN drops on site", "Slow dashboard"], await TitlesAsync(board, new { title = new { @in = new[] { "Slow dashboard", "VPN drops on site" } } }));
        Assert.Equal(Named(i => i % 2 == 1), await TitlesAsync(board, new { customerKind = new { eq = "INTERNAL" } }));
        Assert.Equal(Named(i => i % 2 == 0), await TitlesAsync(board, new { customerKind = new { nin = new[] { "INTERNAL" } } }));
    }

    [Fact]
    public async Task Tags_flags_times_votes_columns_and_swimlanes_filter()
    {
        var board = await SeedAsync();
        var ids = await Alice.DataAsync("query($id: ID!) { board(id: $id) { columns { id } swimlanes { id } } }", new { id = board.Id });
        var secondColumn = ids.At("board.columns")[1].Str("id");
        var secondLane = ids.At("board.swimlanes")[1].Str("id");

        Assert.Equal(Named(HasBilling), await TitlesAsync(board, new { tags = new { some = new { eq = "billing" } } }));
        Assert.Equal(Named(i => !HasBilling(i)), await TitlesAsync(board, new { tags = new { none = new { eq = "billing" } } }));
        Assert.Equal(Named(i => i % 4 == 0), await TitlesAsync(board, new { tags = new { any = false } }));
        Assert.Equal(Named(HasBilling), await TitlesAsync(board, new { tags = new { all = new { startsWith = "BILL" } }, and = new[] { new { tags = new { any = true } } } }));
        Assert.Equal(Named(i => i % 5 == 2), await TitlesAsync(board, new { isBlocked = new { eq = true } }));
        Assert.Equal(Named(i => i == 7 || i == 8), await TitlesAsync(board, new { isStale = new { eq = true } }));
        Assert.Equal(Named(i => i >= 6), await TitlesAsync(board, new { createdAt = new { gte = board.Start.AddMinutes(6) } }));
        Assert.Equal(Named(i => i < 3), await TitlesAsync(board, new { lastActivityAt = new { lt = board.Start.AddMinutes(3) } }));
        Assert.Equal(Named(i => i % 3 >= 1), await TitlesAsync(board, new { voteCount = new { gte = 1 } }));
        Assert.Equal(Named(i => i % 4 == 1), await TitlesAsync(board, new { columnId = new { eq = secondColumn } }));
        Assert.Equal(Named(i => i % 2 == 1), await TitlesAsync(board, new { swimlaneId = new { @in = new[] { secondLane } } }));
    }

    [Fact]
    public async Task And_and_or_combine()
    {
        var board = await SeedAsync();
        var where = new
        {
            or = new object[] { new { title = new { contains = "invoice" } }, new { impact = new { eq = 5 } } },
            and = new object[] { new { customerKind = new { eq = "EXTERNAL" } } },
        };

        Assert.Equal(Named(i => (Titles[i].Contains("nvoice", StringComparison.Ordinal) || i % 5 + 1 == 5) && i % 2 == 0), await TitlesAsync(board, where));
    }

    [Fact]
    public async Task Order_sorts_by_the_fields_given_then_by_id()
    {
        var board = await SeedAsync();
        var expected = Enumerable.Range(0, Titles.Length).OrderByDescending(i => i % 5 + 1).ThenBy(i => i).Select(i => Titles[i]);

        var titles = await TitlesAsync(board, null, new object[] { new { impact = "DESC" }, new { createdAt = "ASC" } });

        Assert.Equal(expected, titles);
        var byVotes = await TitlesAsync(board, null, new object[] { new { voteCount = "DESC" }, new { createdAt = "ASC" } });
        Assert.Equal(Enumerable.Range(0, Titles.Length).OrderByDescending(i => i % 3).ThenBy(i => i).Select(i => Titles[i]), byVotes);
    }

    [Fact]
    public async Task Paging_forward_and_backward_visits_every_card_once_in_order()
    {
        var board = await SeedAsync(filler: 113);
        var all = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await PageAsync(board, new { first = 50, after });
            all.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.id")));
            Assert.Equal(125, page.Number("totalCount"));
            Assert.Equal(after is not null, page.At("pageInfo.hasPreviousPage").GetBoolean());
            pages++;
            if (!page.At("pageInfo.hasNextPage").GetBoolean())
                break;
            after = page.Str("pageInfo.endCursor");
            Assert.True(pages < 10, "paging did not end");
        }

        Assert.Equal(3, pages);
        Assert.Equal(125, all.Distinct().Count());

        var backward = new List<string>();
        string? before = null;
        for (var i = 0; i < 10; i++)
        {
            var page = await PageAsync(board, new { last = 40, before });
            backward.InsertRange(0, page.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.id")));
            if (!page.At("pageInfo.hasPreviousPage").GetBoolean())
                break;
            before = page.Str("pageInfo.startCursor");
        }

        Assert.Equal(all, backward);
    }

    [Theory]
    [InlineData("ASC", 7)]
    [InlineData("DESC", 9)]
    public async Task The_board_order_is_column_then_swimlane_position_then_rank_across_pages_both_ways(string direction, int size)
    {
        var board = await SeedAsync(filler: 30);
        var columns = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { columns { id } } }", new { id = board.Id }))
            .At("board.columns").EnumerateArray().Select(c => c.Str("id")).ToList();
        // Positions, not creation order: the last column moves first.
        await Alice.DataAsync("mutation($c: ID!) { moveColumn(input: { columnId: $c, toPosition: 0 }) { column { id } } }", new { c = columns[3] });
        var where = new { impact = new { gte = 2 } };
        var listed = (await Alice.DataAsync(
            "query($id: ID!, $where: CardFilterInput) { board(id: $id) { cards(first: 500, where: $where, order: [{ createdAt: ASC }]) { nodes { id rank column { position } swimlane { position } } } } }",
            new { id = board.Id, where })).Nodes("board.cards");
        var expected = listed.OrderBy(c => c.Number("column.position")).ThenBy(c => c.Number("swimlane.position"))
            .ThenBy(c => c.Str("rank"), StringComparer.Ordinal).Select(c => c.Str("id")).ToList();
        if (direction == "DESC")
            expected.Reverse();
        object[] order = [new { rank = direction }];

        var forward = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await PageAsync(board, new { where, order, first = size, after });
            forward.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.id")));
            if (!page.At("pageInfo.hasNextPage").GetBoolean())
                break;
            after = page.Str("pageInfo.endCursor");
        }

        var backward = new List<string>();
        string? before = null;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await PageAsync(board, new { where, order, last = size, before });
            backward.InsertRange(0, page.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.id")));
            if (!page.At("pageInfo.hasPreviousPage").GetBoolean())
                break;
            before = page.Str("pageInfo.startCursor");
        }

        Assert.True(expected.Count > 3 * size, $"only {expected.Count} cards");
        Assert.Equal(expected, forward);
        Assert.Equal(expected, backward);
    }

    /// <summary>Whether this fixture's board-order pages go cell by cell (<c>GraphQL:CellWalkFromCards</c> reached).</summary>
    protected virtual bool WalksCells => false;

    [Fact]
    public async Task A_page_in_the_board_order_is_one_statement_after_one_that_reads_the_cells_and_walks_cells_only_when_they_are_large()
    {
        var board = await SeedAsync(filler: 20);
        await Alice.DataAsync("{ viewer { id } }");

        App.Commands.Reset();
        var page = await PageAsync(board, new { first = 5, where = new { impact = new { gte = 3 } } });
        var commands = App.Commands.Commands;

        Assert.Equal(5, page.GetProperty("edges").GetArrayLength());
        var cardPage = Assert.Single(commands, sql => sql.Contains("\"Rank\"", StringComparison.Ordinal) && sql.Contains("\"Impact\" >=", StringComparison.Ordinal));
        // The default board has 4 columns x 2 swimlanes: walking cells is one branch per cell; else one ordered query.
        Assert.Equal(WalksCells ? 7 : 0, CountOf(cardPage, "UNION ALL"));
        Assert.Single(commands, IsCellsStatement);
    }

    /// <summary>The statement that reads a board order's cells (columns x swimlanes) with their cards counted up to a cap.</summary>
    private static bool IsCellsStatement(string sql) =>
        sql.Contains("\"Swimlanes\"", StringComparison.Ordinal) && sql.Contains("\"Columns\"", StringComparison.Ordinal)
        && sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase) && !sql.Contains("\"Impact\"", StringComparison.Ordinal)
        && !sql.Contains("LIKE", StringComparison.OrdinalIgnoreCase);

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.OrdinalIgnoreCase))
            count++;
        return count;
    }

    [Fact]
    public async Task A_cursor_stays_put_when_cards_are_added_before_it()
    {
        var board = await SeedAsync(filler: 30);
        var first = await PageAsync(board, new { first = 10, order = new object[] { new { createdAt = "DESC" } } });
        var seen = first.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.id")).ToList();
        var rest = (await PageAsync(board, new { first = 500, order = new object[] { new { createdAt = "DESC" } } }))
            .GetProperty("edges").EnumerateArray().Skip(10).Select(e => e.Str("node.id")).ToList();

        // Newer cards sort first in this order: without keyset cursors they would push the next page's items back.
        App.Clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 5; i++)
            await Alice.CreateCardAsync(board.Id, $"Late arrival {i}");

        var next = await PageAsync(board, new { first = 500, after = first.Str("pageInfo.endCursor"), order = new object[] { new { createdAt = "DESC" } } });
        Assert.Equal(rest, next.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.id")));
    }

    [Fact]
    public async Task Bad_cursors_filters_and_orders_are_refused_with_a_code()
    {
        var board = await SeedAsync();
        var page = await PageAsync(board, new { first = 2, order = new object[] { new { impact = "DESC" } } });
        var impactCursor = page.Str("pageInfo.endCursor");

        Assert.Equal("INVALID_CURSOR", await ErrorAsync(board, new { after = "not-a-cursor" }));
        Assert.Equal("INVALID_CURSOR", await ErrorAsync(board, new { after = impactCursor })); // made by another order
        Assert.Equal("INVALID_CURSOR", await ErrorAsync(board, new { before = new string('A', 5000) }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { first = 2, last = 2 }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { last = 0 }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { first = 501 }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { where = new { title = new { eq = (string?)null } } }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { where = new { or = Array.Empty<object>() } }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { where = new { impact = new { @in = Enumerable.Range(0, 101).ToArray() } } }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { order = new object[] { new { impact = "DESC", title = "ASC" } } }));
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { order = new object[] { new { impact = "DESC" }, new { impact = "ASC" } } }));
        var deep = (object)new { impact = new { eq = 1 } };
        for (var i = 0; i < 7; i++)
            deep = new { and = new[] { deep } };
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { where = deep }));
        var wide = Enumerable.Range(0, 51).Select(i => (object)new { reach = new { neq = i } }).ToArray();
        Assert.Equal(ErrorCodes.Validation, await ErrorAsync(board, new { where = new { and = wide } }));
    }

    [Fact]
    public async Task Without_first_a_page_holds_the_default_fifty()
    {
        var board = await SeedAsync(filler: 60);

        var page = await PageAsync(board, new { });

        Assert.Equal(50, page.GetProperty("edges").GetArrayLength());
        Assert.True(page.At("pageInfo.hasNextPage").GetBoolean());
        Assert.Equal(72, page.Number("totalCount"));
    }

    [Fact]
    public async Task A_filtered_page_is_one_SQL_statement_and_totalCount_one_more_only_when_asked()
    {
        var board = await SeedAsync(filler: 200);
        const string query = """
            query($id: ID!) { board(id: $id) { cards(first: 5, where: { title: { contains: "filler 1" }, impact: { gte: 2 } }) { nodes { title impact } } } }
            """;
        await Alice.DataAsync("{ viewer { id } }");

        App.Commands.Reset();
        var data = await Alice.DataAsync(query, new { id = board.Id });
        var plain = App.Commands.Commands.Where(sql => !IsCellsStatement(sql)).ToList();
        App.Commands.Reset();
        await Alice.DataAsync(query.Replace("nodes {", "totalCount nodes {", StringComparison.Ordinal), new { id = board.Id });
        var counted = App.Commands.Commands.Where(sql => !IsCellsStatement(sql)).ToList();

        // A filter applied in memory after the LIMIT would return fewer than 5 of the 100+ matching cards.
        var nodes = data.At("board.cards.nodes").EnumerateArray().ToList();
        Assert.Equal(5, nodes.Count);
        Assert.All(nodes, n => Assert.Contains("filler 1", n.Str("title"), StringComparison.Ordinal));
        Assert.All(nodes, n => Assert.True(n.Number("impact") >= 2));
        var cardQueries = plain.Where(sql => sql.Contains("\"Cards\"", StringComparison.Ordinal)).ToList();
        var cardQuery = Assert.Single(cardQueries, sql => sql.Contains("LIKE", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\"Impact\" >=", cardQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(plain, sql => sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(plain.Count + 1, counted.Count);
        Assert.Contains(counted, sql => sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Nested_card_connections_give_each_column_its_own_page_in_one_statement()
    {
        var board = await SeedAsync(filler: 40);
        const string query = """
            query($id: ID!) { board(id: $id) { columns { id cards(first: 3, order: [{ createdAt: ASC }]) { pageInfo { hasNextPage } nodes { title column { id } } } } } }
            """;
        await Alice.DataAsync("{ viewer { id } }");

        App.Commands.Reset();
        var data = await Alice.DataAsync(query, new { id = board.Id });
        var commands = App.Commands.Commands;

        foreach (var column in data.At("board.columns").EnumerateArray())
        {
            var nodes = column.At("cards.nodes").EnumerateArray().ToList();
            Assert.Equal(3, nodes.Count);
            Assert.All(nodes, n => Assert.Equal(column.Str("id"), n.Str("column.id")));
            Assert.True(column.At("cards.pageInfo.hasNextPage").GetBoolean());
        }

        Assert.Single(commands, sql => sql.Contains("UNION ALL", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<List<string>> TitlesAsync(SeededBoard board, object? where, object[]? order = null)
    {
        var page = await PageAsync(board, new { where, order = order ?? [new { createdAt = "ASC" }], first = 100 });
        return page.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.title")).Where(t => !t.StartsWith("filler", StringComparison.Ordinal)).ToList();
    }

    private async Task<JsonElement> PageAsync(SeededBoard board, object arguments)
    {
        var variables = JsonSerializer.SerializeToNode(arguments)!.AsObject();
        variables["id"] = board.Id;
        var data = await Alice.DataAsync(BoardQuery, variables);
        return data.At("board.cards");
    }

    private async Task<string?> ErrorAsync(SeededBoard board, object arguments)
    {
        var variables = JsonSerializer.SerializeToNode(arguments)!.AsObject();
        variables["id"] = board.Id;
        var response = await Alice.SendAsync(BoardQuery, variables);
        Assert.NotNull(response.Errors);
        return response.ErrorCode;
    }

    private static bool HasBilling(int i) => i % 4 != 0 && i % 3 == 0;

    /// <summary>The seeded titles for which the predicate holds, in the order they were reported.</summary>
    private static List<string> Named(Func<int, bool> predicate) =>
        Enumerable.Range(0, Titles.Length).Where(predicate).Select(i => Titles[i]).ToList();

    private sealed record SeededBoard(string Id, DateTimeOffset Start);

    /// <summary>
    /// A board whose card i (one a minute) has impact i%5+1, reach 10i, kind EXTERNAL for even i, tag "billing" when
    /// i%3==0 and no tags when i%4==0, i%3 votes, is blocked when i%5==2, stale for i in {7, 8}, and sits in column i%4
    /// and swimlane i%2, in title order within the board; filler cards ("filler n") come after them, in the last column.
    /// </summary>
    private async Task<SeededBoard> SeedAsync(int filler = 0)
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

public sealed class SqliteCardListTests(SqliteApp app) : CardListTests(app), IClassFixture<SqliteApp>;

public sealed class SqliteCellWalkCardListTests(CellWalkSqliteApp app) : CardListTests(app), IClassFixture<CellWalkSqliteApp>
{
    protected override bool WalksCells => true;
}

public sealed class PostgresCellWalkCardListTests(CellWalkPostgresApp app) : CardListTests(app), IClassFixture<CellWalkPostgresApp>
{
    protected override bool WalksCells => true;
}

public sealed class PostgresCardListTests(PostgresApp app) : CardListTests(app), IClassFixture<PostgresApp>;
