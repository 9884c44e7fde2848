using System.Data;
using System.Data.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

/// <summary>
/// The production SQL Server setup (<see cref="PersistenceSetup.AddKanbanPersistence"/> with <c>Database:Provider</c> =
/// SqlServer) on a server that is never reached: the connection is not opened, transactions and commands are answered
/// here, and every command's text is kept. Production code runs unchanged and the tests read the T-SQL it sends.
/// Queries answer with no rows unless <see cref="Answer"/> gives rows for them; writes affect one row each, and their
/// <c>OUTPUT</c> clauses return what SQL Server would (<see cref="WriteResults"/>), so a save goes through.
/// </summary>
public sealed class SqlServerRecorder : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;
    private readonly List<string> _statements = [];

    public SqlServerRecorder(TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Kanban"] = "Server=localhost;Database=Kanban;Integrated Security=true;TrustServerCertificate=true",
        };
        _services = new ServiceCollection()
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton<IInterceptor>(new Interceptor(this))
            .AddKanbanPersistence(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        _scope = _services.CreateAsyncScope();
        Db = Services.GetRequiredService<KanbanDbContext>();
        Assert.IsType<SqlServerKanbanDbContext>(Db);
    }

    public IServiceProvider Services => _scope.ServiceProvider;

    public KanbanDbContext Db { get; }

    /// <summary>The text of every command sent so far, in order.</summary>
    public IReadOnlyList<string> Statements
    {
        get
        {
            lock (_statements)
                return [.. _statements];
        }
    }

    /// <summary>Rows for a query (by its text); null: no rows.</summary>
    public Func<string, DataTable?> Answer { get; set; } = _ => null;

    public void Clear()
    {
        lock (_statements)
            _statements.Clear();
    }

    private void Record(string sql)
    {
        lock (_statements)
            _statements.Add(sql);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }

    /// <summary>Keeps EF away from the server: no connection opened, our own commands and transactions.</summary>
    private sealed class Interceptor(SqlServerRecorder recorder) : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
    {
        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
            CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
            InterceptionResult<DbCommand>.SuppressWithResult(new RecordedCommand(recorder));

        public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
            InterceptionResult<DbTransaction>.SuppressWithResult(new RecordedTransaction(connection));

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult<DbTransaction>.SuppressWithResult(new RecordedTransaction(connection)));
    }

    private sealed class RecordedTransaction(DbConnection connection) : DbTransaction
    {
        public override System.Data.IsolationLevel IsolationLevel => System.Data.IsolationLevel.ReadCommitted;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }

    /// <summary>A command that records its text and answers from <see cref="Answer"/>; its parameters are SqlClient's own.</summary>
    private sealed class RecordedCommand(SqlServerRecorder recorder) : DbCommand
    {
        private readonly SqlCommand _parameters = new();

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText { get; set; } = "";

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; }

        protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => new SqlParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            recorder.Record(CommandText);
            if (WriteResults.Of(CommandText) is { Length: > 0 } outputs)
                return new DataTableReader(outputs);
            return (recorder.Answer(CommandText) ?? new DataTable()).CreateDataReader();
        }

        public override int ExecuteNonQuery()
        {
            recorder.Record(CommandText);
            return 1;
        }

        public override object? ExecuteScalar()
        {
            recorder.Record(CommandText);
            return recorder.Answer(CommandText) is { Rows.Count: > 0 } rows ? rows.Rows[0][0] : DBNull.Value;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _parameters.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// What the <c>OUTPUT</c> clauses of a batch of writes return, one result set per statement that has one: a row per
/// row written (per <c>VALUES</c> row of an INSERT or of a MERGE's source, one for an UPDATE or DELETE), holding the
/// literal it outputs (EF's <c>OUTPUT 1</c>), the source row's <c>_Position</c>, or a new identity value.
/// </summary>
public static class WriteResults
{
    private static long _identity;

    public static DataTable[]? Of(string sql)
    {
        if (!sql.Contains("OUTPUT", StringComparison.Ordinal))
            return null;
        using var reader = new StringReader(sql);
        var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        if (errors.Count > 0)
            return null;
        var tables = new List<DataTable>();
        foreach (var statement in script.Batches.SelectMany(b => b.Statements))
        {
            var (output, rows) = statement switch
            {
                InsertStatement insert => (insert.InsertSpecification.OutputClause, (insert.InsertSpecification.InsertSource as ValuesInsertSource)?.RowValues.Count ?? 1),
                MergeStatement merge => (merge.MergeSpecification.OutputClause, (merge.MergeSpecification.TableReference as InlineDerivedTable)?.RowValues.Count ?? 1),
                UpdateStatement update => (update.UpdateSpecification.OutputClause, 1),
                DeleteStatement delete => (delete.DeleteSpecification.OutputClause, 1),
                _ => (null, 0),
            };
            if (output is null)
                continue;
            var table = new DataTable();
            var columns = output.SelectColumns.Cast<SelectScalarExpression>().Select(c => c.Expression).ToList();
            foreach (var (column, i) in columns.Select((c, i) => (c, i)))
                table.Columns.Add($"c{i}", column is IntegerLiteral || IsPosition(column) ? typeof(int) : typeof(long));
            for (var row = 0; row < rows; row++)
            {
                table.Rows.Add(columns.Select(c => c is IntegerLiteral literal ? int.Parse(literal.Value, System.Globalization.CultureInfo.InvariantCulture)
                    : IsPosition(c) ? row
                    : (object)Interlocked.Increment(ref _identity)).ToArray());
            }

            tables.Add(table);
        }

        return [.. tables];
    }

    private static bool IsPosition(ScalarExpression column) =>
        column is ColumnReferenceExpression reference && reference.MultiPartIdentifier.Identifiers[^1].Value == "_Position";
}
