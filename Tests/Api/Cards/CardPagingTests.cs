using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Paging a card list: both ways, in the board order cell by cell, stable cursors, the default page, nested
/// connections.
/// </summary>
public abstract class CardPagingTests(KanbanApp app) : CardListTestBase(app)
{
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
    public async Task Without_first_a_page_holds_the_default_fifty()
    {
        var board = await SeedAsync(filler: 60);

        var page = await PageAsync(board, new { });

        Assert.Equal(50, page.GetProperty("edges").GetArrayLength());
        Assert.True(page.At("pageInfo.hasNextPage").GetBoolean());
        Assert.Equal(72, page.Number("totalCount"));
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
}

public sealed class SqliteCardPagingTests(SqliteApp app) : CardPagingTests(app), IClassFixture<SqliteApp>;

public sealed class SqliteCellWalkCardPagingTests(CellWalkSqliteApp app) : CardPagingTests(app), IClassFixture<CellWalkSqliteApp>
{
    protected override bool WalksCells => true;
}

public sealed class PostgresCellWalkCardPagingTests(CellWalkPostgresApp app) : CardPagingTests(app), IClassFixture<CellWalkPostgresApp>
{
    protected override bool WalksCells => true;
}

public sealed class PostgresCardPagingTests(PostgresApp app) : CardPagingTests(app), IClassFixture<PostgresApp>;
