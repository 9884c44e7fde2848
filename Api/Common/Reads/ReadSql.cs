using System.Text;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace KanbanCustomer.Api.Common.Reads;

/// <summary>
/// The SQL of a plan's statements, on SQLite and PostgreSQL. Each level selects [parent key,] key, columns; a child
/// level finds its parents by the parent level's own condition (under a row by id, the id itself), so the statements
/// need no results of each other and travel together. Parameters: <c>@v</c> the viewer, <c>@i{n}</c> level n's id argument, <c>@n{n}</c> its page size.
/// </summary>
internal sealed class ReadSql(DatabaseProvider provider, IModel model)
{
    public const string Viewer = "v";

    public static string IdParameter(ReadLevel level) => "i" + level.Index;

    public static string SizeParameter(ReadLevel level) => "n" + level.Index;

    public string Statement(ReadLevel level)
    {
        var t = Alias(level);
        var sql = new StringBuilder("SELECT ");
        switch (level.Read)
        {
            case RowByIdRead:
                sql.Append(Columns(level, t)).Append(" FROM ").Append(Table(level.Entity)).Append(' ').Append(t)
                    .Append(" WHERE ").Append(Rows(level, t));
                break;
            case MemberPageRead read:
                sql.Append(Columns(level, t)).Append(" FROM ").Append(Table(level.Entity)).Append(' ').Append(t)
                    .Append(" WHERE ").Append(Member(read.Members, level.Entity, t))
                    .Append(" ORDER BY ").Append(Order(level.Entity, t, read.Order)).Append(" LIMIT @").Append(SizeParameter(level));
                break;
            case ChildListRead read:
                sql.Append(Col(level.Entity, t, read.ForeignKey)).Append(", ").Append(Columns(level, t))
                    .Append(" FROM ").Append(Table(level.Entity)).Append(' ').Append(t)
                    .Append(" WHERE ").Append(Rows(level, t))
                    .Append(" ORDER BY ").Append(Order(level.Entity, t, read.Order));
                break;
            case CellPageRead read:
                return CellPage(level, read);
            default:
                throw new InvalidOperationException($"No SQL for {level.Read.GetType().Name}.");
        }

        return sql.ToString();
    }

    /// <summary>The keys of a level's rows, as a subquery for its children.</summary>
    private string Keys(ReadLevel level)
    {
        var t = Alias(level);
        var select = $"SELECT {Col(level.Entity, t, Key(level.Entity))} FROM {Table(level.Entity)} {t} WHERE ";
        return level.Read is MemberPageRead page
            ? select + $"{Member(page.Members, level.Entity, t)} ORDER BY {Order(level.Entity, t, page.Order)} LIMIT @{SizeParameter(level)}"
            : select + Rows(level, t);
    }

    /// <summary>The condition that picks a level's rows from its table under <paramref name="alias"/>.</summary>
    private string Rows(ReadLevel level, string alias)
    {
        var key = Col(level.Entity, alias, Key(level.Entity));
        return level.Read switch
        {
            RowByIdRead read => $"{key} = @{IdParameter(level)} AND {Member(read.Members, level.Entity, alias)}",
            MemberPageRead => $"{key} IN ({Keys(level)})",
            // Under a row by id, the id itself: whether the viewer may see that row is its own statement's check, and
            // when it finds nothing the plan is handed back before any child row is written.
            ChildListRead read when level.Parent!.Read is RowByIdRead => $"{Col(level.Entity, alias, read.ForeignKey)} = @{IdParameter(level.Parent)}",
            ChildListRead read => $"{Col(level.Entity, alias, read.ForeignKey)} IN ({Keys(level.Parent!)})",
            _ => throw new InvalidOperationException($"{level.Read.GetType().Name} has no children."),
        };
    }

    /// <summary>
    /// Whether a cell page's rows carry their place in the parent's page (PostgreSQL: a window ranks them and keeps the
    /// first page) or come in page order for the reader to keep each parent's first page (SQLite).
    /// </summary>
    public static bool RanksPages(DatabaseProvider provider) => provider == DatabaseProvider.Postgres;

    /// <summary>
    /// Each parent's first page, cell by cell: per (parent, cell) the cell's index gives at most a page in order (a
    /// LATERAL join on PostgreSQL, a correlated IN on SQLite); of those, the parent's first page (<see cref="RanksPages"/>).
    /// </summary>
    private string CellPage(ReadLevel level, CellPageRead read)
    {
        var parent = level.Parent!;
        var child = level.Entity;
        var cell = model.FindEntityType(read.CellEntity) ?? throw new InvalidOperationException($"{read.CellEntity.Name} is not in the model.");
        string p = "p" + level.Index, c = "c" + level.Index, k = "k" + level.Index, w = "w" + level.Index;
        var size = "@" + SizeParameter(level);
        var parentKey = Col(parent.Entity, p, Key(parent.Entity));
        var childKey = Key(child);
        var within = read.Order.Select(o => o.Property).Append(childKey).Distinct().ToList();
        // What the page's rows carry: the key, the selected values, the order's properties, each under an alias rN; the
        // values of the parent or the cell (a cursor's positions) come from their rows in the ranked query, as oN.
        var picked = new List<(string Name, Func<string, string> Sql)> { (childKey, a => Column(child, a, childKey)) };
        foreach (var (name, value) in level.Columns.Where(column => column.Cell is null).Select(column => (column.Name, column.Sql!)).Concat(within.Select(x => (x, (Func<string, string>)(a => Column(child, a, x))))))
        {
            if (!picked.Exists(x => x.Name == name))
                picked.Add((name, value));
        }

        var fromCell = level.Columns.Where(column => column.Cell is not null).ToList();
        var outputs = new[] { childKey }.Concat(level.Columns.Select(x => x.Name)).ToList();
        string Out(string name) => fromCell.FindIndex(x => x.Name == name) is var o and >= 0 ? "o" + o : "r" + picked.FindIndex(x => x.Name == name);

        var inCell = $"{Col(child, k, read.Scope)} = {Col(parent.Entity, p, read.Scope)} AND {Col(child, k, read.ForeignKey)} = {parentKey} " +
                     $"AND {Col(child, k, read.CellKey)} = {Col(cell, c, Key(cell))} AND NOT {Col(child, k, read.HiddenFlag)}";
        var cellOrder = string.Join(", ", read.Order.Select(o => Col(child, k, o.Property) + (o.Descending ? " DESC" : "")));
        string join;
        if (provider == DatabaseProvider.Postgres)
        {
            join = $"CROSS JOIN LATERAL (SELECT {string.Join(", ", picked.Select(x => $"{x.Sql(k)} AS {Out(x.Name)}"))} FROM {Table(child)} {k} " +
                   $"WHERE {inCell} ORDER BY {cellOrder} LIMIT {size}) {w}";
        }
        else
        {
            // SQLite has no LATERAL: a correlated IN per cell, by rowid (one b-tree step per card instead of two by the key).
            join = $"JOIN (SELECT {k}.rowid AS rid, {string.Join(", ", picked.Select(x => $"{x.Sql(k)} AS {Out(x.Name)}"))} FROM {Table(child)} {k}) {w} ON {w}.rid IN " +
                   $"(SELECT {k}.rowid FROM {Table(child)} {k} WHERE {inCell} ORDER BY {cellOrder} LIMIT {size})";
        }

        var rowOrder = string.Join(", ", new[] { Col(cell, c, read.CellOrder) }.Concat(read.Order.Select(o => $"{w}.{Out(o.Property)}" + (o.Descending ? " DESC" : ""))));
        var from = $"FROM {Table(parent.Entity)} {p} JOIN {Table(cell)} {c} ON {Col(cell, c, read.Scope)} = {Col(parent.Entity, p, read.Scope)} {join} WHERE {Rows(parent, p)}";
        if (!RanksPages(provider))
        {
            // SQLite: its window costs more than the cells' reads (2.3 against 1.1 ms for ten boards), so the rows come in
            // page order and ReadRun keeps each parent's first page; at most (cells - 1) x page size rows more are read.
            var selected = outputs.Select(x => fromCell.Find(f => f.Name == x) is { } f ? $"{f.Cell!(p, c)} AS {Out(x)}" : $"{w}.{Out(x)}");
            return $"SELECT {parentKey} AS parent, {string.Join(", ", selected)} {from} ORDER BY {rowOrder}";
        }

        var values = string.Join(", ", picked.Select(x => $"{w}.{Out(x.Name)}").Concat(fromCell.Select(x => $"{x.Cell!(p, c)} AS {Out(x.Name)}")));
        var ranked = $"SELECT {parentKey} AS parent, {values}, row_number() OVER (PARTITION BY {parentKey} ORDER BY {rowOrder}) AS rn {from}";
        // No ORDER BY: each row's place in its parent's page is its rn, the last column (ReadRun puts it there).
        return $"SELECT x.parent, {string.Join(", ", outputs.Select(x => "x." + Out(x)))}, x.rn FROM ({ranked}) x WHERE x.rn <= {size}";
    }

    private static string Columns(ReadLevel level, string alias) =>
        string.Join(", ", new[] { Col(level.Entity, alias, Key(level.Entity)) }.Concat(level.Columns.Select(c => c.Sql!(alias))));

    /// <summary>A property's column under a table alias, quoted.</summary>
    public static string Column(IEntityType entity, string alias, string property) => Col(entity, alias, property);

    private string Member(MemberRead members, IEntityType entity, string alias)
    {
        var member = model.FindEntityType(members.Entity) ?? throw new InvalidOperationException($"{members.Entity.Name} is not in the model.");
        return $"EXISTS (SELECT 1 FROM {Table(member)} m WHERE {Col(member, "m", members.ForeignKey)} = {Col(entity, alias, Key(entity))} AND {Col(member, "m", members.UserKey)} = @{Viewer})";
    }

    private static string Order(IEntityType entity, string alias, IEnumerable<SortRead> order) =>
        string.Join(", ", order.Select(o => Col(entity, alias, o.Property) + (o.Descending ? " DESC" : "")));

    private static string Alias(ReadLevel level) => "t" + level.Index;

    public static string Key(IEntityType entity) =>
        entity.FindPrimaryKey() is { Properties: [var key] } ? key.Name : throw new InvalidOperationException($"{entity.DisplayName()} has no single-column key.");

    public static string Table(IEntityType entity) => Quote(entity.GetTableName()!);

    private static string Col(IEntityType entity, string alias, string property)
    {
        var found = entity.FindProperty(property) ?? throw new InvalidOperationException($"{entity.DisplayName()} has no property {property}.");
        return alias + "." + Quote(found.GetColumnName(StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()))!);
    }

    /// <summary>Both providers quote identifiers with double quotes.</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
