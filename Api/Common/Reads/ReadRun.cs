using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using GraphQL.Execution;
using GraphQLParser.AST;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Infrastructure.Persistence;

namespace KanbanCustomer.Api.Common.Reads;

/// <summary>Told of the statements of each compiled read as they are sent, in one round trip (the tests count them).</summary>
public interface IReadListener
{
    void Sending(IReadOnlyList<string> statements);
}

/// <summary>
/// Runs a <see cref="ReadPlan"/> for one request: its statements in one round trip on a read connection, then
/// the rows written as the <c>data</c> JSON in the operation's field order. Returns null, and the request runs the usual
/// way, whenever the answer would be anything but data: an argument the plan does not compile (a filter, a cursor,
/// archived cards), an id that is not a board's, a board the viewer is not a member of (the usual way names the error).
/// </summary>
public static class ReadRun
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonSerializerOptions ValueOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<SerializedData?> RunAsync(
        ReadPlan plan, IReadOnlyDictionary<GraphQLField, IDictionary<string, ArgumentValue>>? arguments, string viewer, ReadConnections database,
        PageDefaults pages, IReadListener? listener, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object> { [ReadSql.Viewer] = viewer };
        foreach (var level in plan.Levels)
        {
            if (!Bind(level, arguments?.GetValueOrDefault(level.Field), pages, values))
                return null;
        }

        var rows = new List<Rows>(plan.Levels.Count);
        try
        {
            await using var session = await database.OpenAsync(cancellationToken);
            if (session is null)
                return null;
            listener?.Sending(plan.Statements);
            var (command, reader) = await ExecuteAsync(plan, session, values, cancellationToken);
            await using var commandScope = command ?? NoCommand.Instance;
            await using var readerScope = reader;
            var ranked = ReadSql.RanksPages(database.Provider);
            foreach (var level in plan.Levels)
            {
                if (level.Index > 0)
                    await reader.NextResultAsync(cancellationToken);
                var read = await ReadAsync(reader, level, values.GetValueOrDefault(ReadSql.SizeParameter(level)) as int?, ranked, cancellationToken);
                // A board that is not there for the viewer: the usual way says NOT_FOUND or FORBIDDEN, as it should.
                if (level.Read is RowByIdRead && read.All.Count == 0)
                    return null;
                if (level.ReadsOneMore)
                    read.PageSize = (int)values[ReadSql.SizeParameter(level)] - 1;
                rows.Add(read);
            }
        }
        catch (DbException)
        {
            return null;
        }

        return SerializedData.Write(WriterOptions, writer => WriteObject(writer, plan.Root, null, rows));
    }

    /// <summary>The level's parameter values from its field's arguments; false for an argument the plan does not compile.</summary>
    private static bool Bind(ReadLevel level, IDictionary<string, ArgumentValue>? arguments, PageDefaults pages, Dictionary<string, object> values)
    {
        int? first = null;
        foreach (var (name, argument) in arguments ?? new Dictionary<string, ArgumentValue>())
        {
            switch (level.Read)
            {
                case RowByIdRead read when name == read.Argument:
                    if (argument.Value is not string raw || !Ids.TryParse(raw, read.IdType, out var id))
                        return false;
                    values[ReadSql.IdParameter(level)] = id;
                    continue;
                case MemberPageRead or CellPageRead when name == ConnectionArguments.First:
                    if (argument.Value is not null and not int)
                        return false;
                    first = (int?)argument.Value;
                    continue;
                case CellPageRead read when name == read.IncludeHiddenArgument:
                    if (argument.Value is true)
                        return false;
                    continue;
            }

            if (argument.Value is not null)
                return false;
        }

        if (level.Read is RowByIdRead && !values.ContainsKey(ReadSql.IdParameter(level)))
            return false;
        if (level.Read is MemberPageRead or CellPageRead)
        {
            var size = first ?? pages.DefaultPageSize;
            if (size < 0)
                return false;
            values[ReadSql.SizeParameter(level)] = level.ReadsOneMore ? size + 1 : size;
        }

        return true;
    }

    /// <summary>The statements sent; a PostgreSQL batch lives as long as its reader (SQLite statements stay with the session).</summary>
    private static async Task<(IAsyncDisposable? Command, DbDataReader Reader)> ExecuteAsync(
        ReadPlan plan, ReadSession session, Dictionary<string, object> values, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        if (connection.CanCreateBatch)
        {
            // PostgreSQL: one batch, a command per statement, positional parameters; each statement is prepared once (Npgsql auto-prepare).
            var batch = connection.CreateBatch();
            foreach (var level in plan.Levels)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = level.PositionalSql;
                foreach (var name in level.Parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.Value = values[name];
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            return (batch, await batch.ExecuteReaderAsync(cancellationToken));
        }

        // SQLite: the statements prepared once on the session's connection, run again with new values.
        return (null, session.Run(plan.Script, values));
    }

    /// <summary>
    /// A level's rows. A cell page's rows say their place in the parent's page (rn, after the columns), or come in page
    /// order: then rows past <paramref name="pageSize"/> for their parent are skipped unread (<see cref="ReadSql.RanksPages"/>).
    /// </summary>
    private static async Task<Rows> ReadAsync(DbDataReader reader, ReadLevel level, int? pageSize, bool ranked, CancellationToken cancellationToken)
    {
        var read = new Rows();
        var width = level.FirstColumn + level.Columns.Count;
        var page = level.Read is CellPageRead;
        while (await reader.ReadAsync(cancellationToken))
        {
            Guid? parent = level.Parent is null ? null : reader.GetGuid(0);
            if (page && !ranked && read.CountOf(parent!.Value) >= pageSize)
                continue;
            var row = new object?[width];
            if (parent is { } key)
                row[0] = key;
            row[level.KeyColumn] = reader.GetGuid(level.KeyColumn);
            for (var i = 0; i < level.Columns.Count; i++)
            {
                var column = level.FirstColumn + i;
                var value = level.Columns[i];
                row[column] = value.Nullable && reader.IsDBNull(column) ? null : value.Read(reader, column);
            }

            read.Add(row, parent, page && ranked ? (int)reader.GetInt64(width) - 1 : -1);
        }

        return read;
    }

    private static void WriteObject(Utf8JsonWriter writer, ObjectSelection selection, object?[]? row, List<Rows> rows)
    {
        Span<byte> global = stackalloc byte[ReadPlan.MaxGlobalIdBytes];
        writer.WriteStartObject();
        foreach (var entry in selection.Entries)
        {
            writer.WritePropertyName(entry.Name);
            switch (entry)
            {
                case TypenameEntry typename:
                    writer.WriteStringValue(typename.TypeName);
                    break;
                case LeafEntry { IdPrefix: { } prefix } globalId when row![globalId.Column] is Guid id:
                    writer.WriteStringValue(global[..Ids.WriteGlobal(prefix, id, global)]);
                    break;
                case LeafEntry { List: true } items when row![items.Column] is System.Collections.IEnumerable list:
                    writer.WriteStartArray();
                    foreach (var item in list)
                        WriteValue(writer, item is null ? null : items.Scalar.Serialize(item));
                    writer.WriteEndArray();
                    break;
                case LeafEntry leaf:
                    var value = row![leaf.Column];
                    WriteValue(writer, value is null ? null : leaf.Scalar.Serialize(value));
                    break;
                case SameRowEntry same:
                    WriteObject(writer, same.Selection, row, rows);
                    break;
                case RowsEntry relation:
                    var found = rows[relation.Level.Index];
                    var children = relation.Level.Parent is null ? found.All : found.Of((Guid)row![relation.Level.Parent.KeyColumn]!);
                    if (relation.Level.Read is RowByIdRead)
                        WriteObject(writer, relation.Selection, children[0], rows);
                    else if (relation.List)
                        WriteList(writer, relation.Selection, children, rows);
                    else
                        WritePage(writer, relation.Selection, children, found.PageSize, rows);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>A page: its nodes (the first <paramref name="pageSize"/> rows, when one more was read), its page info.</summary>
    private static void WritePage(Utf8JsonWriter writer, ObjectSelection page, List<object?[]> children, int? pageSize, List<Rows> rows)
    {
        var hasNext = pageSize is { } size && children.Count > size;
        if (hasNext)
            children = children[..pageSize!.Value];
        writer.WriteStartObject();
        foreach (var entry in page.Entries)
        {
            writer.WritePropertyName(entry.Name);
            switch (entry)
            {
                case NodesEntry nodes:
                    WriteList(writer, nodes.Selection, children, rows);
                    break;
                case PageInfoEntry info:
                    WritePageInfo(writer, info, children, hasNext);
                    break;
                default:
                    writer.WriteStringValue(((TypenameEntry)entry).TypeName);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// As the resolvers' keyset pages say it for <c>first</c> without <c>after</c>: a next page when there was one more
    /// row, no previous page, and the cursors of the first and last rows (null on an empty page).
    /// </summary>
    private static void WritePageInfo(Utf8JsonWriter writer, PageInfoEntry info, List<object?[]> children, bool hasNext)
    {
        writer.WriteStartObject();
        foreach (var (name, field) in info.Fields)
        {
            writer.WritePropertyName(name);
            switch (field)
            {
                case "hasNextPage":
                    writer.WriteBooleanValue(hasNext);
                    break;
                case "hasPreviousPage":
                    writer.WriteBooleanValue(false);
                    break;
                case "startCursor" or "endCursor" when children.Count > 0:
                    var row = field == "startCursor" ? children[0] : children[^1];
                    writer.WriteStringValue(Cursor.Encode(info.Signature, info.CursorColumns.Select(c => row[c])));
                    break;
                case "startCursor" or "endCursor":
                    writer.WriteNullValue();
                    break;
                default:
                    writer.WriteStringValue(field["__typename:".Length..]);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, ObjectSelection selection, List<object?[]> children, List<Rows> rows)
    {
        writer.WriteStartArray();
        foreach (var child in children)
            WriteObject(writer, selection, child, rows);
        writer.WriteEndArray();
    }

    /// <summary>A serialized scalar, written as the engine's serializer writes it.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DateTimeOffset t: writer.WriteStringValue(t); break;
            case DateTime t: writer.WriteStringValue(t); break;
            default: JsonSerializer.Serialize(writer, value, value.GetType(), ValueOptions); break;
        }
    }

    private sealed class NoCommand : IAsyncDisposable
    {
        public static readonly NoCommand Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A level's rows in statement order, and by parent key for child levels.</summary>
    private sealed class Rows
    {
        private readonly Dictionary<Guid, List<object?[]>> _byParent = [];

        public List<object?[]> All { get; } = [];

        /// <summary>The page size asked for, when one more row was read to learn whether a next page exists.</summary>
        public int? PageSize { get; set; }

        /// <summary>Adds a row, at <paramref name="place"/> in its parent's list when it has one (else after the others).</summary>
        public void Add(object?[] row, Guid? parent, int place)
        {
            All.Add(row);
            if (parent is not { } key)
                return;
            if (!_byParent.TryGetValue(key, out var list))
                _byParent[key] = list = [];
            if (place < 0 || place == list.Count)
            {
                list.Add(row);
                return;
            }

            while (list.Count <= place)
                list.Add(null!);
            list[place] = row;
        }

        public int CountOf(Guid parent) => _byParent.TryGetValue(parent, out var list) ? list.Count : 0;

        public List<object?[]> Of(Guid parent) => _byParent.TryGetValue(parent, out var list) ? list : [];
    }
}
