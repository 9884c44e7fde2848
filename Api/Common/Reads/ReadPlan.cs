using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Metadata;

namespace KanbanCustomer.Api.Common.Reads;

/// <summary>
/// A query operation compiled to SQL: one statement per list level (all sent in one round trip), each reading only the
/// columns the operation selected, and a writer that turns their rows into the response's <c>data</c> JSON. Built
/// from the <see cref="SqlRead"/> declarations of the fields the operation selects; an operation that selects a field
/// without one, uses a directive, or runs on a provider other than SQLite or PostgreSQL has no plan
/// (<see cref="Compile"/> returns null) and runs the usual way. docs/performance.md explains why it exists.
/// </summary>
public sealed class ReadPlan
{
    private ReadPlan(ObjectSelection root, List<ReadLevel> levels)
    {
        Root = root;
        Levels = levels;
        Statements = [.. levels.Select(l => l.Sql)];
        Script = string.Join(";\n", Statements);
    }

    /// <summary>The statements' text, parents before children.</summary>
    internal IReadOnlyList<string> Statements { get; }

    /// <summary>Room for a global id (type names up to <see cref="MaxIdTypeBytes"/> UTF-8 bytes) in base64url.</summary>
    internal const int MaxGlobalIdBytes = 128;

    private const int MaxIdTypeBytes = 48;

    /// <summary>Every statement in one text, for a provider without batches (SQLite).</summary>
    internal string Script { get; }

    /// <summary>What the operation's root object writes.</summary>
    internal ObjectSelection Root { get; }

    /// <summary>The statements, parents before children.</summary>
    internal List<ReadLevel> Levels { get; }

    /// <summary>The plan of a query operation, or null when part of it cannot be compiled (it runs the usual way).</summary>
    public static ReadPlan? Compile(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation, IModel model, DatabaseProvider provider)
    {
        if (operation.Operation != OperationType.Query || provider is not (DatabaseProvider.Postgres or DatabaseProvider.Sqlite) || schema.Query is not { } query)
            return null;
        var compiler = new Compiler(schema, document, model);
        var root = compiler.Object(query, [operation.SelectionSet], null);
        if (root is null || compiler.Levels.Count == 0)
            return null;
        var sql = new ReadSql(provider, model);
        foreach (var level in compiler.Levels)
            level.Complete(sql.Statement(level));
        return new ReadPlan(root, compiler.Levels);
    }

    private sealed class Compiler(ISchema schema, GraphQLDocument document, IModel model)
    {
        public List<ReadLevel> Levels { get; } = [];

        /// <summary>
        /// The fields of <paramref name="type"/> the selection sets ask for, merged by response key in the order they
        /// first appear (the specification's CollectFields), compiled; null when one of them cannot be.
        /// </summary>
        public ObjectSelection? Object(IComplexGraphType type, IEnumerable<GraphQLSelectionSet> sets, ReadLevel? level) =>
            Selection(type, sets, (key, definition, nodes) => Field(key, definition, nodes, level));

        /// <summary>A connection's own fields: <c>nodes</c> (the level's rows) and <c>__typename</c>; anything else is not compiled.</summary>
        private ObjectSelection? Connection(IComplexGraphType type, IEnumerable<GraphQLSelectionSet> sets, ReadLevel level) =>
            Selection(type, sets, (key, definition, nodes) =>
                definition.Name == "nodes" && definition.ResolvedType?.GetNamedType() is IComplexGraphType node && Object(node, Sets(nodes), level) is { } selection
                    ? new NodesEntry(key, selection)
                    : null);

        private ObjectSelection? Selection(IComplexGraphType type, IEnumerable<GraphQLSelectionSet> sets, Func<string, FieldType, List<GraphQLField>, Entry?> compile)
        {
            if (CollectAll(type, sets) is not { } fields)
                return null;
            var entries = new List<Entry>();
            foreach (var (key, definition, nodes) in fields.Items)
            {
                var entry = definition is null ? new TypenameEntry(key, type.Name) : compile(key, definition, nodes);
                if (entry is null)
                    return null;
                entries.Add(entry);
            }

            return new ObjectSelection(entries);
        }

        private static IEnumerable<GraphQLSelectionSet> Sets(List<GraphQLField> nodes) => nodes.Select(n => n.SelectionSet).OfType<GraphQLSelectionSet>();

        private Entry? Field(string key, FieldType definition, List<GraphQLField> nodes, ReadLevel? level)
        {
            var read = SqlReads.Of(definition);
            switch (read)
            {
                case GlobalIdRead id when System.Text.Encoding.UTF8.GetByteCount(id.TypeName) > MaxIdTypeBytes:
                    return null;
                case ColumnRead or GlobalIdRead when level is not null && definition.ResolvedType?.GetNamedType() is ScalarGraphType scalar:
                    var property = read is ColumnRead c ? c.Property : ((GlobalIdRead)read).Property;
                    var column = level.Column(property);
                    return column < 0 ? null : new LeafEntry(key, column, scalar, (read as GlobalIdRead)?.TypeName);
                // The plan checks membership (any role), so a field that asks for more runs the usual way.
                case RowByIdRead when level is null && BoardAccess.RequiredRole(definition) is null or BoardRole.Viewer:
                    return Child(key, read, definition, nodes, null, list: false);
                case MemberPageRead when level is null:
                    return Child(key, read, definition, nodes, null, list: false);
                case ChildListRead when level is not null && level.Read is not CellPageRead:
                    return Child(key, read, definition, nodes, level, list: true);
                case CellPageRead when level is not null && level.Read is not CellPageRead:
                    return Child(key, read, definition, nodes, level, list: false);
                default:
                    return null;
            }
        }

        private RowsEntry? Child(string key, SqlRead read, FieldType definition, List<GraphQLField> nodes, ReadLevel? parent, bool list)
        {
            var entity = read switch
            {
                RowByIdRead r => r.Entity,
                MemberPageRead r => r.Entity,
                ChildListRead r => r.Entity,
                CellPageRead r => r.Entity,
                _ => null,
            };
            if (entity is null || model.FindEntityType(entity) is not { } entityType || definition.ResolvedType?.GetNamedType() is not IComplexGraphType type)
                return null;
            var level = new ReadLevel(Levels.Count, parent, read, entityType, nodes[0]);
            Levels.Add(level);
            var sets = Sets(nodes).ToList();
            if (read is MemberPageRead or CellPageRead)
                return Connection(type, sets, level) is { } page ? new RowsEntry(key, level, page, list) : null;
            return Object(type, sets, level) is { } selection ? new RowsEntry(key, level, selection, list) : null;
        }

        /// <summary>The fields the selection sets (of fields merged under one response key) select on the type, or null.</summary>
        private FieldSet? CollectAll(IComplexGraphType type, IEnumerable<GraphQLSelectionSet> sets)
        {
            var fields = new FieldSet();
            foreach (var set in sets)
            {
                if (!Collect(type, set, fields, []))
                    return null;
            }

            return fields;
        }

        private bool Collect(IComplexGraphType type, GraphQLSelectionSet set, FieldSet fields, HashSet<string> visited)
        {
            foreach (var selection in set.Selections)
            {
                if (selection is IHasDirectivesNode { Directives.Count: > 0 })
                    return false;
                switch (selection)
                {
                    case GraphQLField field:
                        var name = field.Name.StringValue;
                        var key = field.Alias?.Name.StringValue ?? name;
                        FieldType? definition = null;
                        if (name != "__typename" && (definition = type.GetField(name)) is null)
                            return false;
                        fields.Add(key, definition, field);
                        break;
                    case GraphQLInlineFragment inline:
                        if ((inline.TypeCondition is null || Applies(inline.TypeCondition.Type.Name.StringValue, type)) && !Collect(type, inline.SelectionSet, fields, visited))
                            return false;
                        break;
                    case GraphQLFragmentSpread spread:
                        var fragmentName = spread.FragmentName.Name.StringValue;
                        if (!visited.Add(fragmentName))
                            break;
                        var fragment = document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name.StringValue == fragmentName);
                        if (fragment is null || fragment.Directives is { Count: > 0 })
                            return false;
                        if (Applies(fragment.TypeCondition.Type.Name.StringValue, type) && !Collect(type, fragment.SelectionSet, fields, visited))
                            return false;
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        private bool Applies(string condition, IComplexGraphType type) =>
            condition == type.Name || (schema.AllTypes[condition] is IAbstractGraphType abstractType && type is IObjectGraphType o && abstractType.IsPossibleType(o));
    }
}

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

/// <summary>One statement of a plan: the rows of one list field, with the columns its selections read.</summary>
internal sealed partial class ReadLevel(int index, ReadLevel? parent, SqlRead read, IEntityType entity, GraphQLField field)
{
    public int Index { get; } = index;

    public ReadLevel? Parent { get; } = parent;

    public SqlRead Read { get; } = read;

    public IEntityType Entity { get; } = entity;

    /// <summary>The field in the document (the first, when fields were merged): its argument values are read per request.</summary>
    public GraphQLField Field { get; } = field;

    /// <summary>The columns selections read, after the row's parent key (child levels) and its own key.</summary>
    public List<IProperty> Columns { get; } = [];

    public string Sql { get; private set; } = "";

    /// <summary>The parameters <see cref="Sql"/> names, in the order <see cref="PositionalSql"/> numbers them.</summary>
    public List<string> Parameters { get; } = [];

    /// <summary><see cref="Sql"/> with <c>$1, $2, ...</c> for its parameters (PostgreSQL batches).</summary>
    public string PositionalSql { get; private set; } = "";

    /// <summary>How each of <see cref="Columns"/> reads: the provider's value, through the model's value converter.</summary>
    public List<Func<DbDataReader, int, object?>> Readers { get; } = [];

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
    private static Func<DbDataReader, int, object?>? ColumnReader(IProperty property)
    {
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

    /// <summary>Index of the property's column in a row (added on first use); -1 when the entity has no such property.</summary>
    public int Column(string property)
    {
        if (Entity.FindProperty(property) is not { } found)
            return -1;
        var index = Columns.IndexOf(found);
        if (index < 0)
        {
            if (ColumnReader(found) is not { } reader)
                return -1;
            Columns.Add(found);
            Readers.Add(reader);
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

/// <summary>A leaf: a row's column, serialized by the field's scalar type (a global id first when <paramref name="IdType"/> is set).</summary>
internal sealed record LeafEntry(string Key, int Column, ScalarGraphType Scalar, string? IdType) : Entry(Key)
{
    /// <summary>The global id's type name and colon, as UTF-8, when the column holds the key of a global id.</summary>
    public byte[]? IdPrefix { get; } = IdType is null ? null : Ids.GlobalPrefix(IdType);
}

/// <summary>
/// A relation: the rows of <paramref name="Level"/> under the current row; a list (<paramref name="List"/>), one object
/// (a root row by id), or a connection (the level is a page; <paramref name="Selection"/> holds <see cref="NodesEntry"/>).
/// </summary>
internal sealed record RowsEntry(string Key, ReadLevel Level, ObjectSelection Selection, bool List) : Entry(Key);

/// <summary>A connection's <c>nodes</c>.</summary>
internal sealed record NodesEntry(string Key, ObjectSelection Selection) : Entry(Key);

internal sealed record ObjectSelection(List<Entry> Entries);
