using System.Data;
using System.Data.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

/// <summary>
/// The production SQL Server setup (<see cref="PersistenceSetup.AddKanbanPersistence"/> with <c>Database:Provider</c> =
/// SqlServer) on a server that is never reached: the connection is not opened, transactions and commands are answered
/// here, and every command's text is kept. Production code runs unchanged and the tests read the T-SQL it sends.
/// Commands answer with no rows (writes with one row affected) unless <see cref="Answer"/> gives rows for them.
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
        public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

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
