// Filter and order inputs are written inline, as a client would send them.
#pragma warning disable CA1861

using System.Data;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

/// <summary>
/// The T-SQL of every card list shape on SQL Server, parsed by Microsoft's parser: each filter operation of each
/// field, each order in both directions, after / before cursors, one parent, a few (UNION ALL) and many (a window
/// per parent), the totals, the stale list and the cell walks. The statements are the ones the production code sends
/// (<see cref="CardLists.Spec"/> paged by <see cref="Keyset"/>, as the loaders do) to a <see cref="SqlServerRecorder"/>.
/// </summary>
public sealed class SqlServerCardListSqlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly Guid BoardId = Guid.CreateVersion7();

    private static Dictionary<string, object?> Where(string field, string op, object value) => new() { [field] = new Dictionary<string, object?> { [op] = value } };

    private static List<object?> List(params object[] values) => [.. values];

    private static string ColumnId(int i) => Ids.Global("Column", new Guid($"00000000-0000-0000-0000-{i:D12}"));

    /// <summary>
    /// Every operation of every field of <c>CardFilterInput</c>, as the schema declares them ("title eq", "tags any" ...),
    /// and the cases where the operand changes the SQL: Unicode and LIKE's own characters, the text operations inside a
    /// tag list, a condition that holds for every card, and and / or nested.
    /// </summary>
    public static readonly Dictionary<string, Dictionary<string, object?>> Filters = SchemaOperations()
        .ToDictionary(o => $"{o.Field} {o.Op}", o => Where(o.Field, o.Op, Operand(o.Field, o.Op)))
        .Concat(new Dictionary<string, Dictionary<string, object?>>
        {
            ["title contains (LIKE's own characters)"] = Where("title", "contains", "100%_x\\y"),
            ["title contains (Unicode)"] = Where("title", "contains", "Ärger"),
            ["title startsWith (Unicode)"] = Where("title", "startsWith", "Über"),
            ["tags any false"] = Where("tags", "any", false),
            ["tags some in"] = Where("tags", "some", new Dictionary<string, object?> { ["in"] = List("billing", "ops") }),
            ["tags all contains"] = Where("tags", "all", new Dictionary<string, object?> { ["contains"] = "bill" }),
            ["tags none startsWith and neq"] = Where("tags", "none", new Dictionary<string, object?> { ["startsWith"] = "Öps", ["neq"] = "x" }),
            ["reach gte and lt"] = new() { ["reach"] = new Dictionary<string, object?> { ["gte"] = 10, ["lt"] = 100 } },
            ["score gte 0"] = Where("score", "gte", 0.0),
            ["and"] = new() { ["and"] = List(Where("impact", "gte", 2), Where("title", "contains", "x")) },
            ["or"] = new() { ["or"] = List(Where("isBlocked", "eq", true), Where("voteCount", "gt", 0)) },
            ["nested and / or with fields beside"] = new()
            {
                ["or"] = List(new Dictionary<string, object?> { ["and"] = List(Where("tags", "any", true), Where("reach", "gt", 5)) }, Where("isStale", "eq", false)),
                ["customerKind"] = new Dictionary<string, object?> { ["eq"] = CustomerKind.External },
            },
        })
        .ToDictionary();

    /// <summary>Each field of <c>CardFilterInput</c> (but and / or) with each operation of its operation input.</summary>
    private static IEnumerable<(string Field, string Op)> SchemaOperations() =>
        from field in new CardFilterInputType().Fields
        where field.Name is not ("and" or "or")
        from op in ((GraphQL.Types.IComplexGraphType)Activator.CreateInstance(field.Type!)!).Fields
        select (field.Name, op.Name);

    private static object Operand(string field, string op) => op switch
    {
        "in" or "nin" => List(Sample(field), Sample(field, 2)),
        "any" => true,
        "some" or "all" or "none" => new Dictionary<string, object?> { ["eq"] = "billing" },
        _ => Sample(field),
    };

    private static object Sample(string field, int n = 1) => field switch
    {
        "title" or "problemStatement" => $"Invoice {n}",
        "customerKind" => n == 1 ? CustomerKind.External : CustomerKind.Internal,
        "columnId" => ColumnId(n),
        "swimlaneId" => Ids.Global("Swimlane", new Guid($"00000000-0000-0000-0001-{n:D12}")),
        "impact" or "reach" or "voteCount" or "customerCount" => n + 2,
        "isBlocked" or "isStale" => n == 1,
        "createdAt" or "lastActivityAt" or "lastEvidenceAt" => Now.AddDays(-n),
        "score" => n + 1.5,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field),
    };

    public static TheoryData<string> FilterNames => [.. Filters.Keys];

    /// <summary>Each sort field alone; and a few combinations.</summary>
    private static IEnumerable<string> OrderNames => CardLists.SortFieldNames.Concat(["impact,createdAt", "column,title", "voteCount,score,lastEvidenceAt"]);

    /// <summary>Each of <see cref="OrderNames"/> both ways.</summary>
    public static TheoryData<string, bool> Orders
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var name in OrderNames)
            {
                data.Add(name, false);
                data.Add(name, true);
            }

            return data;
        }
    }

    private static List<object?> Order(string names, bool descending) =>
        [.. names.Split(',').Select(name => (object?)new Dictionary<string, object?> { [name] = descending })];

    [Fact]
    public void Every_filter_field_and_sort_field_is_covered()
    {
        // The schema's filter fields are the lists' (so every operation above is one the lists translate), and the
        // operations are all there: eq, neq, in, nin on every field, the comparisons, contains / startsWith, the list ones.
        Assert.Equal(CardLists.FilterFieldNames.Order(), SchemaOperations().Select(o => o.Field).Distinct().Order());
        Assert.True(SchemaOperations().Count() >= 80, $"{SchemaOperations().Count()} operations");
        Assert.Equal(CardLists.FilterFieldNames.Order(), Filters.Values.SelectMany(Fields).Distinct().Order());
        Assert.Equal(CardLists.SortFieldNames.Order(), OrderNames.SelectMany(o => o.Split(',')).Distinct().Order());
    }

    private static IEnumerable<string> Fields(Dictionary<string, object?> where) => where.SelectMany(p => p.Key is "and" or "or"
        ? ((List<object?>)p.Value!).SelectMany(part => Fields((Dictionary<string, object?>)part!))
        : [p.Key]);

    [Theory]
    [MemberData(nameof(FilterNames))]
    public async Task A_filtered_card_list_reads_in_T_SQL(string filter)
    {
        await using var sql = new SqlServerRecorder();
        var plain = await PagesAsync(sql, Spec(sql, null, Order("impact", false)), [BoardId], new PageArgs(20, false, null, null));

        var statements = await PagesAsync(sql, Spec(sql, Filters[filter], Order("impact", false)), [BoardId], new PageArgs(20, false, null, null));

        Assert.Equal(2, statements.Count); // the page and its total
        // A condition that holds for every card (a score of 0 or less) is left out of the SQL.
        Assert.Equal(filter == "score gte 0", plain[0] == statements[0]);
        foreach (var statement in statements)
            TSqlScripts.AssertParses(filter, statement);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task An_ordered_card_list_reads_in_T_SQL_both_ways_from_either_cursor(string order, bool descending)
    {
        await using var sql = new SqlServerRecorder();
        var spec = Spec(sql, Filters["impact gte"], Order(order, descending));
        var cursor = Cursor.Encode(spec.Ordering.Signature, spec.Ordering.Steps.Select(s => Sample(s.Key.Type)));
        var later = Cursor.Encode(spec.Ordering.Signature, spec.Ordering.Steps.Select(s => Sample(s.Key.Type, 2)));

        var pages = new[]
        {
            new PageArgs(20, false, null, null), new PageArgs(20, false, cursor, null), new PageArgs(20, true, null, later),
            new PageArgs(20, true, cursor, later), new PageArgs(20, true, null, null),
        };
        var statements = new List<string>();
        foreach (var page in pages)
            statements.AddRange(await PagesAsync(sql, spec, [BoardId], page));

        // Each page its own statement; the total is the same for every page, and so is the board order's count of its cells.
        var shared = spec.Partitions is null ? 1 : 2;
        Assert.Equal(pages.Length * (1 + shared), statements.Count);
        Assert.Equal(pages.Length + shared, statements.Distinct().Count());
        foreach (var statement in statements)
            TSqlScripts.AssertParses($"order {order} {(descending ? "DESC" : "ASC")}", statement);
    }

    [Theory]
    [InlineData(1, "TOP(@")]
    [InlineData(3, "UNION ALL")]
    [InlineData(25, "ROW_NUMBER() OVER(PARTITION BY")]
    public async Task Lists_of_one_a_few_and_many_parents_read_in_T_SQL(int parents, string shape)
    {
        await using var sql = new SqlServerRecorder();
        var spec = Spec(sql, Filters["title contains (Unicode)"], Order("createdAt", true), ofColumn: true);
        var columns = Enumerable.Range(1, parents).Select(_ => Guid.CreateVersion7()).ToList();
        var cursor = Cursor.Encode(spec.Ordering.Signature, spec.Ordering.Steps.Select(s => Sample(s.Key.Type)));

        var statements = await PagesAsync(sql, spec, columns, new PageArgs(10, false, cursor, null));
        statements = [.. statements, .. await PagesAsync(sql, spec, columns, new PageArgs(10, true, null, cursor))];

        Assert.Contains(shape, statements[0], StringComparison.Ordinal);
        foreach (var statement in statements)
            TSqlScripts.AssertParses($"{parents} parents", statement);
    }

    [Fact]
    public async Task The_stale_list_reads_in_T_SQL()
    {
        await using var sql = new SqlServerRecorder();
        var spec = CardLists.Spec(sql.Db, Loaders(sql), 500, Filters["customerKind eq"], null, false, Now, ofColumn: false, CardLists.StaleOrder, c => c.StaleSince != null);
        var cursor = Cursor.Encode(spec.Ordering.Signature, spec.Ordering.Steps.Select(s => Sample(s.Key.Type)));

        var statements = await PagesAsync(sql, spec, [BoardId], new PageArgs(50, false, cursor, null));

        Assert.Contains("[StaleSince] IS NOT NULL", statements[0], StringComparison.Ordinal);
        foreach (var statement in statements)
            TSqlScripts.AssertParses("stale cards", statement);
    }

    /// <summary>
    /// The board order walks cells (a column's swimlanes, or a board's columns x swimlanes) once some cell holds
    /// <c>GraphQL:CellWalkFromCards</c> cards: first the statement that counts the cells' cards, then one UNION ALL branch per cell.
    /// </summary>
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public async Task A_cell_walk_reads_in_T_SQL(bool ofColumn, bool afterCursor, bool backward)
    {
        await using var sql = new SqlServerRecorder();
        var (columns, lanes) = (new[] { Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7() }, new[] { Guid.CreateVersion7(), Guid.CreateVersion7() });
        var spec = CardLists.Spec(sql.Db, Loaders(sql), 2, Filters["isBlocked neq"], null, includeArchived: afterCursor, Now, ofColumn, CardLists.BoardOrder);
        Assert.NotNull(spec.Partitions);
        sql.Answer = statement => statement.Contains("COUNT(*)", StringComparison.Ordinal) && !statement.Contains("[Title]", StringComparison.Ordinal)
            ? Cells(columns, lanes, cards: 2)
            : null;
        var cursor = afterCursor ? Cursor.Encode(spec.Ordering.Signature, [1, 0, "m", Guid.CreateVersion7()]) : null;
        var page = backward ? new PageArgs(5, true, cursor, null) : new PageArgs(5, false, cursor, null);

        sql.Clear();
        await Keyset.PagesAsync(spec.Rows, spec.ParentKey, ofColumn ? [columns[1]] : [BoardId], spec.Ordering, page, Ct, spec.Partitions);
        var statements = sql.Statements;

        Assert.Equal(2, statements.Count);
        Assert.Contains("[Swimlanes]", statements[0], StringComparison.Ordinal);
        // One branch per cell the page can reach: the cursor (column position 1) skips the first column's cells.
        var cells = ofColumn ? lanes.Length : (afterCursor ? columns.Length - 1 : columns.Length) * lanes.Length;
        Assert.Equal(cells - 1, CountOf(statements[1], "UNION ALL"));
        foreach (var statement in statements)
            TSqlScripts.AssertParses($"cell walk ({(ofColumn ? "column" : "board")}{(afterCursor ? ", after" : "")}{(backward ? ", backward" : "")})", statement);
    }

    /// <summary>
    /// The board loaders the cell walk consults: the columns with their cards counted up to <c>GraphQL:CellWalkFromCards</c>
    /// (so a board of small columns needs no cells statement), the swimlanes, and the lookups and counts beside them.
    /// </summary>
    [Fact]
    public async Task The_board_loaders_that_size_cells_read_in_T_SQL()
    {
        await using var sql = new SqlServerRecorder();
        var loaders = Loaders(sql);
        var column = Guid.CreateVersion7();

        await loaders.ColumnsByBoard.Load(BoardId).GetResultAsync(Ct);
        await loaders.SwimlanesByBoard.Load(BoardId).GetResultAsync(Ct);
        await loaders.ColumnById.Load(column).GetResultAsync(Ct);
        await loaders.SwimlaneById.Load(Guid.CreateVersion7()).GetResultAsync(Ct);
        await loaders.ActiveCardCountByColumn.Load(column).GetResultAsync(Ct);

        var statements = sql.Statements;
        Assert.Equal(5, statements.Count);
        Assert.Contains("SELECT TOP(@", statements[0], StringComparison.Ordinal);
        foreach (var statement in statements)
            TSqlScripts.AssertParses("board loaders", statement);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>The cells statement's rows: board, column, column position, lane, lane position, cards counted.</summary>
    private static DataTable Cells(Guid[] columns, Guid[] lanes, int cards)
    {
        var table = new DataTable();
        foreach (var (name, type) in new[] { ("BoardId", typeof(Guid)), ("ColumnId", typeof(Guid)), ("ColumnPosition", typeof(int)), ("LaneId", typeof(Guid)), ("LanePosition", typeof(int)), ("Cards", typeof(int)) })
            table.Columns.Add(name, type);
        for (var c = 0; c < columns.Length; c++)
        {
            for (var l = 0; l < lanes.Length; l++)
                table.Rows.Add(BoardId, columns[c], c, lanes[l], l, cards);
        }

        return table;
    }

    private static BoardLoaders Loaders(SqlServerRecorder sql) => new(sql.Db, new PageDefaults(50, 500));

    private static ConnectionSpec<CardRow, Guid> Spec(SqlServerRecorder sql, Dictionary<string, object?>? where, List<object?>? order, bool ofColumn = false) =>
        CardLists.Spec(sql.Db, Loaders(sql), 500, where, order, includeArchived: false, Now, ofColumn, CardLists.BoardOrder);

    /// <summary>The statements of one page and its total, as the connection loaders send them.</summary>
    private static async Task<List<string>> PagesAsync(SqlServerRecorder sql, ConnectionSpec<CardRow, Guid> spec, IReadOnlyCollection<Guid> parents, PageArgs page)
    {
        sql.Clear();
        await Keyset.PagesAsync(spec.Rows, spec.ParentKey, parents, spec.Ordering, page, Ct, spec.Partitions);
        await Keyset.CountsAsync(spec.Rows, spec.ParentKey, parents, Ct);
        return [.. sql.Statements];
    }

    /// <summary>A cursor value of a sort key's type.</summary>
    private static object Sample(Type type, int n = 1) =>
        type == typeof(int) ? n
        : type == typeof(long) ? (long)n
        : type == typeof(double) ? n + 0.5
        : type == typeof(bool) ? n % 2 == 1
        : type == typeof(string) ? $"m{n}"
        : type == typeof(Guid) ? new Guid($"00000000-0000-0000-0000-{n:D12}")
        : type == typeof(DateTimeOffset) ? Now.AddMinutes(n)
        : throw new ArgumentOutOfRangeException(nameof(type), type.Name);
}
