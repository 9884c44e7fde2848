using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// A script's statements prepared once on a kept SQLite connection and run again with new values, read through
/// <see cref="Reader"/>. Microsoft.Data.Sqlite reaches SQLite through safe handles, so every column value costs a
/// reference count taken and given back around each native call, and a type check before each read: about a fifth of
/// the CPU of a SQLite read of a thousand cards. Here the statements are SQLite's own pointers, used while the
/// connection is held, and a column value is one native call. Values bind as EF stores them: a Guid as upper-case text.
/// </summary>
internal sealed unsafe class SqliteStatements : IDisposable
{
    private const int Row = 100;
    private const int Done = 101;
    private const string Library = "e_sqlite3";

    private readonly SqliteConnection _connection;
    private readonly IntPtr[] _statements;
    private readonly (string Name, int Index)[][] _parameters;

    public SqliteStatements(SqliteConnection connection, string script)
    {
        _connection = connection;
        var statements = new List<IntPtr>();
        var parameters = new List<(string, int)[]>();
        var utf8 = Encoding.UTF8.GetBytes(script + "\0");
        try
        {
            fixed (byte* start = utf8)
            {
                var at = start;
                var end = start + utf8.Length - 1;
                while (at < end)
                {
                    Check(sqlite3_prepare_v3(Database, at, (int)(end - at), PreparePersistent, out var statement, out var tail));
                    at = tail;
                    if (statement == IntPtr.Zero)
                        continue; // whitespace or a comment after the last statement
                    statements.Add(statement);
                    var named = new List<(string, int)>();
                    for (var i = 1; i <= sqlite3_bind_parameter_count(statement); i++)
                        named.Add((Marshal.PtrToStringUTF8(sqlite3_bind_parameter_name(statement, i))![1..], i));
                    parameters.Add([.. named]);
                }
            }
        }
        catch
        {
            foreach (var statement in statements)
                _ = sqlite3_finalize(statement);
            throw;
        }

        _statements = [.. statements];
        _parameters = [.. parameters];
    }

    private const uint PreparePersistent = 1;

    private IntPtr Database => _connection.Handle!.DangerousGetHandle();

    /// <summary>Binds <paramref name="values"/> by name (without the @) and returns a reader positioned before the first statement's rows.</summary>
    public DbDataReader Execute(IReadOnlyDictionary<string, object> values)
    {
        for (var s = 0; s < _statements.Length; s++)
        {
            foreach (var (name, index) in _parameters[s])
                Bind(_statements[s], index, values.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"No value for @{name}."));
        }

        return new Reader(this);
    }

    public void Dispose()
    {
        // finalize returns the last step's error, which its reader already reported.
        foreach (var statement in _statements)
            _ = sqlite3_finalize(statement);
    }

    private void Bind(IntPtr statement, int index, object value)
    {
        switch (value)
        {
            case string text:
                BindText(statement, index, text);
                break;
            case Guid id:
                BindText(statement, index, id.ToString("D").ToUpperInvariant());
                break;
            case int or long:
                Check(sqlite3_bind_int64(statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)));
                break;
            default:
                throw new InvalidOperationException($"No binding for {value.GetType().Name}.");
        }
    }

    private void BindText(IntPtr statement, int index, string text)
    {
        // An empty array pins to a null pointer, which SQLite would bind as NULL: an empty text points at a zero byte.
        byte empty = 0;
        var utf8 = Encoding.UTF8.GetBytes(text);
        fixed (byte* bytes = utf8)
            Check(sqlite3_bind_text(statement, index, utf8.Length == 0 ? &empty : bytes, utf8.Length, Transient));
    }

    private static readonly IntPtr Transient = new(-1);

    private void Check(int code)
    {
        if (code != 0)
            throw new SqliteException(Marshal.PtrToStringUTF8(sqlite3_errmsg(Database)) ?? $"SQLite error {code}.", code);
    }

    /// <summary>The rows of the statements in turn. Disposing it resets them, so none keeps a read transaction open.</summary>
    private sealed class Reader(SqliteStatements owner) : DbDataReader
    {
        private int _current;
        private bool _done;
        private bool _closed;

        private IntPtr Statement => owner._statements[_current];

        public override bool Read()
        {
            if (_done)
                return false;
            var code = sqlite3_step(Statement);
            if (code == Row)
                return true;
            _done = true;
            if (code != Done)
                owner.Check(code);
            return false;
        }

        public override bool NextResult()
        {
            if (_current + 1 >= owner._statements.Length)
                return false;
            _current++;
            _done = false;
            return true;
        }

        public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Read());

        public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => Task.FromResult(NextResult());

        public override int FieldCount => sqlite3_column_count(Statement);

        public override bool IsDBNull(int ordinal) => sqlite3_column_type(Statement, ordinal) == NullType;

        public override long GetInt64(int ordinal) => sqlite3_column_int64(Statement, ordinal);

        public override int GetInt32(int ordinal) => checked((int)sqlite3_column_int64(Statement, ordinal));

        public override short GetInt16(int ordinal) => checked((short)sqlite3_column_int64(Statement, ordinal));

        public override byte GetByte(int ordinal) => checked((byte)sqlite3_column_int64(Statement, ordinal));

        public override bool GetBoolean(int ordinal) => sqlite3_column_int64(Statement, ordinal) != 0;

        public override double GetDouble(int ordinal) => sqlite3_column_double(Statement, ordinal);

        public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

        public override decimal GetDecimal(int ordinal) => decimal.Parse(GetString(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

        public override string GetString(int ordinal) => Encoding.UTF8.GetString(Text(ordinal));

        public override Guid GetGuid(int ordinal) => Guid.Parse(Text(ordinal));

        public override DateTime GetDateTime(int ordinal) => DateTime.Parse(GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        public override char GetChar(int ordinal) => GetString(ordinal)[0];

        public override object GetValue(int ordinal) => sqlite3_column_type(Statement, ordinal) switch
        {
            IntegerType => GetInt64(ordinal),
            FloatType => GetDouble(ordinal),
            TextType => GetString(ordinal),
            NullType => DBNull.Value,
            _ => throw new NotSupportedException("Compiled reads read no blobs."),
        };

        public override T GetFieldValue<T>(int ordinal) =>
            typeof(T) == typeof(DateTimeOffset)
                ? (T)(object)DateTimeOffset.Parse(GetString(ordinal), CultureInfo.InvariantCulture)
                : (T)GetValue(ordinal);

        public override int GetValues(object[] values)
        {
            var count = Math.Min(values.Length, FieldCount);
            for (var i = 0; i < count; i++)
                values[i] = GetValue(i);
            return count;
        }

        public override string GetName(int ordinal) => Marshal.PtrToStringUTF8(sqlite3_column_name(Statement, ordinal)) ?? "";

        public override int GetOrdinal(string name) =>
            Enumerable.Range(0, FieldCount).FirstOrDefault(i => GetName(i) == name, -1) is var at and >= 0 ? at : throw new ArgumentOutOfRangeException(nameof(name), name, "No such column.");

        public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

        public override Type GetFieldType(int ordinal) => sqlite3_column_type(Statement, ordinal) switch
        {
            IntegerType => typeof(long),
            FloatType => typeof(double),
            TextType => typeof(string),
            _ => typeof(object),
        };

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
            throw new NotSupportedException("Compiled reads read no blobs.");

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
            throw new NotSupportedException("Compiled reads read text whole.");

        public override object this[int ordinal] => GetValue(ordinal);

        public override object this[string name] => GetValue(GetOrdinal(name));

        public override int Depth => 0;

        public override bool HasRows => throw new NotSupportedException("Read the rows to know.");

        public override bool IsClosed => _closed;

        public override int RecordsAffected => -1;

        public override IEnumerator GetEnumerator() => throw new NotSupportedException("Read the rows one by one.");

        public override void Close()
        {
            if (_closed)
                return;
            _closed = true;
            // reset returns the last step's error, which Read already reported.
            foreach (var statement in owner._statements)
            {
                _ = sqlite3_reset(statement);
                _ = sqlite3_clear_bindings(statement);
            }
        }

        protected override void Dispose(bool disposing)
        {
            Close();
            base.Dispose(disposing);
        }

        /// <summary>The column's text as SQLite holds it (valid until the next step).</summary>
        private ReadOnlySpan<byte> Text(int ordinal)
        {
            var text = sqlite3_column_text(Statement, ordinal);
            return text == null ? [] : new ReadOnlySpan<byte>(text, sqlite3_column_bytes(Statement, ordinal));
        }

        private const int IntegerType = 1;
        private const int FloatType = 2;
        private const int TextType = 3;
        private const int NullType = 5;
    }

    // The native calls. Column reads are short and never call back, so they skip the GC transition.
    [DllImport(Library)]
    private static extern int sqlite3_prepare_v3(IntPtr db, byte* sql, int bytes, uint flags, out IntPtr statement, out byte* tail);

    [DllImport(Library)]
    private static extern int sqlite3_finalize(IntPtr statement);

    [DllImport(Library)]
    private static extern int sqlite3_reset(IntPtr statement);

    [DllImport(Library)]
    private static extern int sqlite3_clear_bindings(IntPtr statement);

    [DllImport(Library)]
    private static extern int sqlite3_step(IntPtr statement);

    [DllImport(Library)]
    private static extern int sqlite3_bind_parameter_count(IntPtr statement);

    [DllImport(Library)]
    private static extern IntPtr sqlite3_bind_parameter_name(IntPtr statement, int index);

    [DllImport(Library)]
    private static extern int sqlite3_bind_text(IntPtr statement, int index, byte* text, int bytes, IntPtr destructor);

    [DllImport(Library)]
    private static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [DllImport(Library)]
    private static extern IntPtr sqlite3_errmsg(IntPtr db);

    [DllImport(Library)]
    private static extern IntPtr sqlite3_column_name(IntPtr statement, int column);

    [DllImport(Library), SuppressGCTransition]
    private static extern int sqlite3_column_count(IntPtr statement);

    [DllImport(Library), SuppressGCTransition]
    private static extern int sqlite3_column_type(IntPtr statement, int column);

    [DllImport(Library), SuppressGCTransition]
    private static extern long sqlite3_column_int64(IntPtr statement, int column);

    [DllImport(Library), SuppressGCTransition]
    private static extern double sqlite3_column_double(IntPtr statement, int column);

    [DllImport(Library), SuppressGCTransition]
    private static extern byte* sqlite3_column_text(IntPtr statement, int column);

    [DllImport(Library), SuppressGCTransition]
    private static extern int sqlite3_column_bytes(IntPtr statement, int column);
}
