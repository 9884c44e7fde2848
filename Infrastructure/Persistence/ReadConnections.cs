using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// Connections for reads that bypass EF (the API's compiled reads): the same database and connection settings as
/// <see cref="KanbanDbContext"/>, with the model EF built once.
/// A request that reads this way creates no DbContext: setting one up was about a sixth of a compiled read's CPU.
/// </summary>
public sealed class ReadConnections(IServiceProvider services, DatabaseProvider provider, string connectionString) : IAsyncDisposable
{
    /// <summary>Most SQLite sessions kept idle; more may be open at a busy moment and are closed when done.</summary>
    private const int KeptSessions = 16;

    private readonly System.Collections.Concurrent.ConcurrentBag<ReadSession> _idle = [];
    private bool _disposed;

    private readonly Lazy<IModel> _model = new(() =>
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Model;
    });

    public DatabaseProvider Provider { get; } = provider;

    /// <summary>The runtime model: table and column names, value converters.</summary>
    public IModel Model => _model.Value;

    /// <summary>
    /// An open connection for one read; null on SQL Server, which these reads do not cover. On PostgreSQL a connection
    /// from Npgsql's pool (Npgsql prepares repeated statements itself). On SQLite one of a few connections kept open with
    /// their prepared statements (<see cref="ReadSession.Run"/>): preparing them cost more than running them.
    /// </summary>
    public async Task<ReadSession?> OpenAsync(CancellationToken cancellationToken)
    {
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                return new ReadSession(await OpenedAsync(new NpgsqlConnection(connectionString), cancellationToken), null);
            case DatabaseProvider.Sqlite:
                return _idle.TryTake(out var kept) ? kept : new ReadSession(await OpenedAsync(new SqliteConnection(connectionString), cancellationToken), this);
            default:
                return null;
        }
    }

    private static async Task<DbConnection> OpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal bool Return(ReadSession session)
    {
        if (_disposed || _idle.Count >= KeptSessions)
            return false;
        _idle.Add(session);
        return true;
    }

    /// <summary>Closes the kept SQLite connections (at shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var session))
            await session.DisposeAsync();
    }
}

/// <summary>One read's connection; on SQLite with the statements prepared on it before (<see cref="Run"/>).</summary>
public sealed class ReadSession(DbConnection connection, ReadConnections? keeper) : IAsyncDisposable
{
    /// <summary>Most prepared scripts a kept connection holds; the oldest goes first.</summary>
    private const int KeptScripts = 32;

    private readonly Dictionary<string, SqliteStatements> _scripts = [];
    private readonly Queue<string> _order = [];

    public DbConnection Connection { get; } = connection;

    /// <summary>
    /// SQLite: runs <paramref name="script"/> with <paramref name="values"/> (by parameter name, without the @), its
    /// statements prepared on this connection the first time and kept with it. Dispose the reader before the session.
    /// </summary>
    public DbDataReader Run(string script, IReadOnlyDictionary<string, object> values)
    {
        if (Connection is not SqliteConnection sqlite)
            throw new InvalidOperationException("Prepared scripts are for SQLite; PostgreSQL prepares statements itself.");
        if (!_scripts.TryGetValue(script, out var statements))
        {
            if (_scripts.Count >= KeptScripts)
            {
                _scripts.Remove(_order.Dequeue(), out var dropped);
                dropped?.Dispose();
            }

            statements = new SqliteStatements(sqlite, script);
            _scripts[script] = statements;
            _order.Enqueue(script);
        }

        return statements.Execute(values);
    }

    public async ValueTask DisposeAsync()
    {
        if (keeper is not null && Connection.State == System.Data.ConnectionState.Open && keeper.Return(this))
            return;
        foreach (var statements in _scripts.Values)
            statements.Dispose();
        await Connection.DisposeAsync();
    }
}
