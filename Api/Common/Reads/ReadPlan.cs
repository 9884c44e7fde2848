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

    /// <summary>Room for a global id (type names up to <see cref="MaxIdTypeBytes"/> UTF-8 bytes) in base64url.</summary>
    internal const int MaxGlobalIdBytes = 128;

    private const int MaxIdTypeBytes = 48;

    /// <summary>The statements' text, parents before children.</summary>
    internal IReadOnlyList<string> Statements { get; }

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

        /// <summary>
        /// A connection's own fields: <c>nodes</c> (the level's rows), <c>__typename</c>, and on a cell page <c>pageInfo</c>;
        /// anything else (<c>edges</c>, <c>totalCount</c>) is not compiled.
        /// </summary>
        private ObjectSelection? Connection(IComplexGraphType type, IEnumerable<GraphQLSelectionSet> sets, ReadLevel level) =>
            Selection(type, sets, (key, definition, nodes) => definition.Name switch
            {
                "nodes" when definition.ResolvedType?.GetNamedType() is IComplexGraphType node && Object(node, Sets(nodes), level) is { } selection =>
                    new NodesEntry(key, selection),
                "pageInfo" when level.Read is CellPageRead page && definition.ResolvedType?.GetNamedType() is IComplexGraphType info => PageInfo(key, info, Sets(nodes), level, page),
                _ => null,
            });

        /// <summary><c>pageInfo</c> of a cell page: the next page known from one more row, cursors from the row's ordering values.</summary>
        private PageInfoEntry? PageInfo(string key, IComplexGraphType type, IEnumerable<GraphQLSelectionSet> sets, ReadLevel level, CellPageRead page)
        {
            if (CollectAll(type, sets) is not { } fields)
                return null;
            var chosen = new List<(JsonEncodedText Name, string Field)>();
            foreach (var (name, definition, _) in fields.Items)
            {
                var field = definition?.Name ?? "__typename";
                if (field is not ("hasNextPage" or "hasPreviousPage" or "startCursor" or "endCursor" or "__typename"))
                    return null;
                chosen.Add((JsonEncodedText.Encode(name), field == "__typename" ? "__typename:" + type.Name : field));
            }

            int[] cursor = [];
            if (chosen.Exists(f => f.Field is "startCursor" or "endCursor"))
            {
                // The ordering's values: the parent's and the cell's positions (read from them on the page), then the row's own.
                if (level.Parent is not { } parent || model.FindEntityType(page.CellEntity) is not { } cell)
                    return null;
                cursor = [
                    level.Column(new ReadColumn("cursor:parent", null, (r, i) => r.GetInt32(i), (p, _) => ReadSql.Column(parent.Entity, p, page.ParentOrder), Nullable: false)),
                    level.Column(new ReadColumn("cursor:cell", null, (r, i) => r.GetInt32(i), (_, c) => ReadSql.Column(cell, c, page.CellOrder), Nullable: false)),
                    .. page.Order.Select(o => level.Column(o.Property)),
                ];
                if (cursor.Any(c => c < 0))
                    return null;
            }

            level.ReadsOneMore = true;
            return new PageInfoEntry(key, chosen, page.CursorSignature, cursor);
        }

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
                    // A list field reads only from a collection column, and a scalar field never from one.
                    var list = (definition.ResolvedType is NonNullGraphType n ? n.ResolvedType : definition.ResolvedType) is ListGraphType;
                    if (column < 0 || list != (level.Entity.FindProperty(property)?.IsPrimitiveCollection == true))
                        return null;
                    return new LeafEntry(key, column, scalar, (read as GlobalIdRead)?.TypeName, list);
                case ReferenceRead reference when level is not null && definition.ResolvedType?.GetNamedType() is IComplexGraphType target:
                    return Selection(target, Sets(nodes), (k, d, _) =>
                        SqlReads.Of(d) is GlobalIdRead id && id.Property == reference.TargetKey && d.ResolvedType?.GetNamedType() is ScalarGraphType idType && level.Column(reference.ForeignKey) is >= 0 and var fk
                            ? new LeafEntry(k, fk, idType, id.TypeName)
                            : null) is { } referenced ? new SameRowEntry(key, referenced) : null;
                case SameRowRead when level is not null && definition.ResolvedType?.GetNamedType() is IComplexGraphType target:
                    return Object(target, Sets(nodes), level) is { } same ? new SameRowEntry(key, same) : null;
                case HasValueRead or CountRead or ViewerHasRead or ViewerValueRead when level is not null && definition.ResolvedType?.GetNamedType() is ScalarGraphType scalar:
                    return Expression(read, level) is { } expression ? new LeafEntry(key, level.Column(expression), scalar, null) : null;
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

        /// <summary>The column of a value computed from the row (a test, a count, the viewer's vote or role); null when the model lacks a part.</summary>
        private ReadColumn? Expression(SqlRead read, ReadLevel level)
        {
            var row = level.Entity;
            var key = ReadSql.Key(row);
            switch (read)
            {
                case HasValueRead has when row.FindProperty(has.Property) is not null:
                    return new ReadColumn("has:" + has.Property, a => $"({ReadSql.Column(row, a, has.Property)} IS NOT NULL)", (r, i) => r.GetBoolean(i), Nullable: false);
                case CountRead count when model.FindEntityType(count.Entity) is { } counted:
                    var hidden = count.HiddenFlag is { } flag ? $" AND NOT {ReadSql.Column(counted, "q", flag)}" : "";
                    return new ReadColumn($"count:{counted.Name}.{count.ForeignKey}.{count.HiddenFlag}",
                        a => $"(SELECT COUNT(*) FROM {ReadSql.Table(counted)} q WHERE {ReadSql.Column(counted, "q", count.ForeignKey)} = {ReadSql.Column(row, a, key)}{hidden})",
                        (r, i) => (int)r.GetInt64(i), Nullable: false);
                case ViewerHasRead has when model.FindEntityType(has.Entity) is { } owned:
                    return new ReadColumn($"viewerHas:{owned.Name}.{has.ForeignKey}",
                        a => $"EXISTS (SELECT 1 FROM {ReadSql.Table(owned)} q WHERE {ReadSql.Column(owned, "q", has.ForeignKey)} = {ReadSql.Column(row, a, key)} " +
                             $"AND {ReadSql.Column(owned, "q", has.UserKey)} = @{ReadSql.Viewer})",
                        (r, i) => r.GetBoolean(i), Nullable: false);
                case ViewerValueRead value when model.FindEntityType(value.Entity) is { } owner && owner.FindProperty(value.Value) is { } property &&
                                                ReadLevel.ColumnReader(property) is { } reader:
                    return new ReadColumn($"viewerValue:{owner.Name}.{value.ForeignKey}.{value.Value}",
                        a => $"(SELECT {ReadSql.Column(owner, "q", value.Value)} FROM {ReadSql.Table(owner)} q WHERE {ReadSql.Column(owner, "q", value.ForeignKey)} = " +
                             $"{ReadSql.Column(row, a, key)} AND {ReadSql.Column(owner, "q", value.UserKey)} = @{ReadSql.Viewer})",
                        reader);
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
