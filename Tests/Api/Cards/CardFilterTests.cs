// Filter inputs are written inline, as a client would send them.
#pragma warning disable CA1861

using System.Text.Json;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Filtering and ordering a card list in SQL, refused cursors, filters and orders, and the statements a filtered page
/// costs.
/// </summary>
public abstract class CardFilterTests(KanbanApp app) : CardListTestBase(app)
{
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

    private async Task<List<string>> TitlesAsync(SeededBoard board, object? where, object[]? order = null)
    {
        var page = await PageAsync(board, new { where, order = order ?? [new { createdAt = "ASC" }], first = 100 });
        return page.GetProperty("edges").EnumerateArray().Select(e => e.Str("node.title")).Where(t => !t.StartsWith("filler", StringComparison.Ordinal)).ToList();
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
}

public sealed class SqliteCardFilterTests(SqliteApp app) : CardFilterTests(app), IClassFixture<SqliteApp>;

public sealed class SqliteCellWalkCardFilterTests(CellWalkSqliteApp app) : CardFilterTests(app), IClassFixture<CellWalkSqliteApp>
{
    protected override bool WalksCells => true;
}

public sealed class PostgresCellWalkCardFilterTests(CellWalkPostgresApp app) : CardFilterTests(app), IClassFixture<CellWalkPostgresApp>
{
    protected override bool WalksCells => true;
}

public sealed class PostgresCardFilterTests(PostgresApp app) : CardFilterTests(app), IClassFixture<PostgresApp>;
