using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore.Metadata;

namespace KanbanCustomer.Api.Common.Reads;

/// <summary>Fields by response key, in the order the keys first appear; a key's fields are merged.</summary>
internal sealed class FieldSet
{
    private readonly Dictionary<string, int> _index = [];

    public List<(string Key, FieldType? Definition, List<GraphQLField> Nodes)> Items { get; } = [];

    public void Add(string key, FieldType? definition, GraphQLField field)
    {
        if (_index.TryGetValue(key, out var at))
        {
            Items[at].Nodes.Add(field);
            return;
        }

        _index[key] = Items.Count;
        Items.Add((key, definition, [field]));
    }
}

/// <summary>
/// One value a level reads per row, by <paramref name="Name"/> (two selections of the same value share it), and how it
/// reads: either <paramref name="Sql"/> over the row's table alias (a column, a count, a test, the viewer's vote), or,
/// on a cell page only, <paramref name="Cell"/> over the aliases of the page's parent and cell (a cursor's positions).
/// A column that is never null (<paramref name="Nullable"/> false) is read without asking the reader first.
/// </summary>
internal sealed record ReadColumn(string Name, Func<string, string>? Sql, Func<DbDataReader, int, object?> Read, Func<string, string, string>? Cell = null, bool Nullable = true);

/// <summary>One statement of a plan: the rows of one list field, with the columns its selections read.</summary>
internal sealed partial class ReadLevel(int index, ReadLevel? parent, SqlRead read, IEntityType entity, GraphQLField field)
{
    public int Index { get; } = index;

    public ReadLevel? Parent { get; } = parent;

    public SqlRead Read { get; } = read;

    public IEntityType Entity { get; } = entity;

    /// <summary>The field in the document (the first, when fields were merged): its argument values are read per request.</summary>
    public GraphQLField Field { get; } = field;

    /// <summary>A page whose <c>pageInfo</c> is selected reads one row more per parent, to know whether there is a next page.</summary>
    public bool ReadsOneMore { get; set; }

    /// <summary>The columns selections read, after the row's parent key (child levels) and its own key.</summary>
    public List<ReadColumn> Columns { get; } = [];

    public string Sql { get; private set; } = "";

    /// <summary>The parameters <see cref="Sql"/> names, in the order <see cref="PositionalSql"/> numbers them.</summary>
    public List<string> Parameters { get; } = [];

    /// <summary><see cref="Sql"/> with <c>$1, $2, ...</c> for its parameters (PostgreSQL batches).</summary>
    public string PositionalSql { get; private set; } = "";

    public void Complete(string sql)
    {
        Sql = sql;
        PositionalSql = ParameterName().Replace(sql, match =>
        {
            var name = match.Groups[1].Value;
            if (!Parameters.Contains(name))
                Parameters.Add(name);
            return "$" + (Parameters.IndexOf(name) + 1);
        });
    }

    /// <summary>How a column reads; null for a type the compiled path does not read (the field then runs the usual way).</summary>
    public static Func<DbDataReader, int, object?>? ColumnReader(IProperty property)
    {
        // A primitive collection of strings: text[] on PostgreSQL, a JSON array in a text column on SQLite.
        if (property.IsPrimitiveCollection)
        {
            return property.GetElementType()?.ClrType != typeof(string) ? null : (r, i) => r.GetValue(i) switch
            {
                string json => JsonSerializer.Deserialize<string[]>(json),
                string[] items => items,
                var other => throw new InvalidOperationException($"{property.Name} read as {other.GetType().Name}."),
            };
        }

        var converter = property.GetTypeMapping().Converter;
        var stored = converter?.ProviderClrType ?? property.ClrType;
        stored = Nullable.GetUnderlyingType(stored) ?? stored;
        Func<DbDataReader, int, object?>? raw = stored switch
        {
            _ when stored == typeof(string) => (r, i) => r.GetString(i),
            _ when stored == typeof(int) => (r, i) => r.GetInt32(i),
            _ when stored == typeof(long) => (r, i) => r.GetInt64(i),
            _ when stored == typeof(bool) => (r, i) => r.GetBoolean(i),
            _ when stored == typeof(Guid) => (r, i) => r.GetGuid(i),
            _ when stored == typeof(double) => (r, i) => r.GetDouble(i),
            _ when stored == typeof(decimal) => (r, i) => r.GetDecimal(i),
            _ when stored == typeof(DateTimeOffset) => (r, i) => r.GetFieldValue<DateTimeOffset>(i),
            _ when stored == typeof(DateTime) => (r, i) => r.GetDateTime(i),
            _ => null,
        };
        return raw is null || converter is null ? raw : (r, i) => converter.ConvertFromProvider(raw(r, i));
    }

    [GeneratedRegex(@"@([a-z][0-9]*)\b")]
    private static partial Regex ParameterName();

    /// <summary>
    /// Index of the property's column in a row (added on first use); -1 when the entity has no such property. The key is
    /// read once per row, as the row's key (<see cref="KeyColumn"/>, a Guid as stored).
    /// </summary>
    public int Column(string property) => Entity.FindProperty(property) switch
    {
        { } key when key.IsPrimaryKey() && key.ClrType == typeof(Guid) && key.GetTypeMapping().Converter is null && property == ReadSql.Key(Entity) => KeyColumn,
        { } found when ColumnReader(found) is { } reader => Column(new ReadColumn(found.Name, alias => ReadSql.Column(Entity, alias, found.Name), reader, Nullable: found.IsNullable)),
        _ => -1,
    };

    /// <summary>Index of the column in a row (added on first use, by name).</summary>
    public int Column(ReadColumn column)
    {
        var index = Columns.FindIndex(c => c.Name == column.Name);
        if (index < 0)
        {
            Columns.Add(column);
            index = Columns.Count - 1;
        }

        return index + FirstColumn;
    }

    /// <summary>Row layout: [parent key] (child levels), own key, then <see cref="Columns"/>.</summary>
    public int FirstColumn => Parent is null ? 1 : 2;

    public int KeyColumn => Parent is null ? 0 : 1;
}

internal abstract record Entry(string Key)
{
    /// <summary>The key as the JSON writer takes it without checking it again.</summary>
    public JsonEncodedText Name { get; } = JsonEncodedText.Encode(Key);
}

internal sealed record TypenameEntry(string Key, string TypeName) : Entry(Key);

/// <summary>
/// A leaf: a row's column, serialized by the field's scalar type (a global id first when <paramref name="IdType"/> is set;
/// item by item when the field is a <paramref name="List"/>).
/// </summary>
internal sealed record LeafEntry(string Key, int Column, ScalarGraphType Scalar, string? IdType, bool List = false) : Entry(Key)
{
    /// <summary>The global id's type name and colon, as UTF-8, when the column holds the key of a global id.</summary>
    public byte[]? IdPrefix { get; } = IdType is null ? null : Ids.GlobalPrefix(IdType);
}

/// <summary>
/// A relation: the rows of <paramref name="Level"/> under the current row; a list (<paramref name="List"/>), one object
/// (a root row by id), or a connection (the level is a page; <paramref name="Selection"/> holds <see cref="NodesEntry"/>).
/// </summary>
internal sealed record RowsEntry(string Key, ReadLevel Level, ObjectSelection Selection, bool List) : Entry(Key);

/// <summary>An object made from the current row: a reference whose only compiled field is its id (the row's foreign key), or a <see cref="SameRowRead"/>.</summary>
internal sealed record SameRowEntry(string Key, ObjectSelection Selection) : Entry(Key);

/// <summary>A connection's <c>nodes</c>.</summary>
internal sealed record NodesEntry(string Key, ObjectSelection Selection) : Entry(Key);

/// <summary>
/// A page's <c>pageInfo</c>: its fields by key (<c>hasNextPage</c>, <c>hasPreviousPage</c>, <c>startCursor</c>,
/// <c>endCursor</c>, <c>__typename</c>), the cursor's signature and the row columns that hold its values.
/// </summary>
internal sealed record PageInfoEntry(string Key, List<(JsonEncodedText Name, string Field)> Fields, string Signature, int[] CursorColumns) : Entry(Key);

internal sealed record ObjectSelection(List<Entry> Entries);
