using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Board.customers: the directory filtered and sorted in SQL, a keyset page at a time.</summary>
public abstract class CustomerListTests(KanbanApp app) : CustomerTestBase(app)
{
    [Fact]
    public async Task The_directory_lists_active_customers_by_name_and_filters_by_each_field()
    {
        var (board, lanes) = await DirectoryAsync();

        Assert.Equal(["Acme", "Beta Corp", "Gamma"], await NamesAsync(board));
        Assert.Equal(["Acme"], await NamesAsync(board, "{ name: { contains: \"CM\" } }"));
        Assert.Equal(["Beta Corp"], await NamesAsync(board, "{ kind: { eq: INTERNAL } }"));
        Assert.Equal(["Acme"], await NamesAsync(board, $"{{ segmentId: {{ eq: \"{lanes[0]}\" }} }}"));
        Assert.Equal(["Beta Corp", "Gamma"], await NamesAsync(board, $"{{ segmentId: {{ neq: \"{lanes[0]}\" }} }}"));
        Assert.Equal(["Gamma"], await NamesAsync(board, "{ externalRef: { eq: \"G-9\" } }"));
        Assert.Equal(["Delta"], await NamesAsync(board, "{ isArchived: { eq: true } }"));
        Assert.Equal(["Acme", "Beta Corp", "Delta", "Gamma"], await NamesAsync(board, "{ or: [{ isArchived: { eq: true } }, { isArchived: { eq: false } }] }"));
        Assert.Equal(["Acme", "Gamma"], await NamesAsync(board, "{ or: [{ name: { startsWith: \"a\" } }, { externalRef: { in: [\"G-9\", \"X\"] } }] }"));
    }

    [Fact]
    public async Task The_directory_sorts_by_the_fields_asked_for_and_pages_by_keyset_cursors()
    {
        var (board, _) = await DirectoryAsync();

        Assert.Equal(["Gamma", "Acme", "Beta Corp"], await NamesAsync(board, order: "[{ kind: ASC }, { name: DESC }]"));
        Assert.Equal(["Gamma", "Beta Corp", "Acme"], await NamesAsync(board, order: "[{ createdAt: DESC }]"));

        var first = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { customers(first: 2) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } } }",
            new { id = board })).At("board.customers");
        Assert.Equal((3, true), (first.Number("totalCount"), first.At("pageInfo.hasNextPage").GetBoolean()));
        var next = (await Alice.DataAsync("query($id: ID!, $after: String) { board(id: $id) { customers(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage } } } }",
            new { id = board, after = first.Str("pageInfo.endCursor") })).At("board.customers");
        Assert.Equal(["Acme", "Beta Corp", "Gamma"], first.GetProperty("nodes").EnumerateArray().Concat(next.GetProperty("nodes").EnumerateArray()).Select(n => n.Str("name")));
        Assert.False(next.At("pageInfo.hasNextPage").GetBoolean());
        var last = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { customers(last: 1) { nodes { name } } } }", new { id = board })).Nodes("board.customers");
        Assert.Equal("Gamma", Assert.Single(last).Str("name"));

        var otherOrder = await Alice.SendAsync("query($id: ID!, $after: String) { board(id: $id) { customers(after: $after, order: [{ createdAt: ASC }]) { nodes { name } } } }",
            new { id = board, after = first.Str("pageInfo.endCursor") });
        AssertRefused(otherOrder, "INVALID_CURSOR");
        AssertRefused(await Alice.SendAsync("query($id: ID!) { board(id: $id) { customers(order: [{ name: ASC, kind: DESC }]) { nodes { name } } } }", new { id = board }),
            "VALIDATION", "order[0]");
        AssertRefused(await Alice.SendAsync("query($id: ID!) { board(id: $id) { customers(where: { name: { eq: null } }) { nodes { name } } } }", new { id = board }),
            "VALIDATION", "where.name.eq");
    }

    private async Task<List<string>> NamesAsync(string boardId, string? where = null, string? order = null)
    {
        var arguments = string.Join(", ", new[] { where is null ? null : $"where: {where}", order is null ? null : $"order: {order}" }.OfType<string>());
        var data = await Alice.DataAsync($"query($id: ID!) {{ board(id: $id) {{ customers{(arguments.Length == 0 ? "" : $"({arguments})")} {{ nodes {{ name }} }} }} }}", new { id = boardId });
        return data.Nodes("board.customers").Select(n => n.Str("name")).ToList();
    }

    /// <summary>Acme (external, first lane, A-1), Beta Corp (internal, second lane), Gamma (external, no lane, G-9), Delta (archived); and a customer of another board.</summary>
    private async Task<(string Board, IReadOnlyList<string> Lanes)> DirectoryAsync()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var other = await Alice.CreateTeamBoardAsync("Other board");
        foreach (var input in new object[]
        {
            new { boardId = board.BoardId, name = "Acme", kind = "EXTERNAL", segmentId = board.SwimlaneIds[0], externalRef = "A-1" },
            new { boardId = board.BoardId, name = "Beta Corp", kind = "INTERNAL", segmentId = board.SwimlaneIds[1] },
            new { boardId = board.BoardId, name = "Gamma", kind = "EXTERNAL", externalRef = "G-9" },
            new { boardId = other.BoardId, name = "Acme on another board", kind = "EXTERNAL", externalRef = "G-9" },
        })
        {
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            CustomerOf(await AddCustomerAsync(Bob, input), "addCustomer");
        }

        var delta = await CustomerAsync(board.BoardId, "Delta");
        CustomerOf(await ChangeCustomerAsync(Bob, "archiveCustomer", "CustomerChangeInput", new { customerId = delta }), "archiveCustomer");
        return (board.BoardId, board.SwimlaneIds);
    }
}

public sealed class SqliteCustomerListTests(SqliteApp app) : CustomerListTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCustomerListTests(PostgresApp app) : CustomerListTests(app), IClassFixture<PostgresApp>;
