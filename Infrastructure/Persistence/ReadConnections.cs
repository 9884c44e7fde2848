using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// Connections for reads that bypass EF (the API's compiled reads): the same database and connection settings as
/// <see cref="KanbanDbContext"/> (on PostgreSQL the same Npgsql pool), with the model and type mappings EF built once.
/// A request that reads this way creates no DbContext: setting one up was about a sixth of a compiled read's CPU.
/// </summary>
public sealed class ReadConnections(IServiceProvider services, DatabaseProvider provider, string connectionString) : IAsyncDisposable
{
    /// <summary>Most SQLite sessions kept idle; more may be open at a busy moment and are closed when done.</summary>
    private const int KeptSessions = 16;

    private readonly System.Collections.Concurrent.ConcurrentBag<ReadSession> _idle = [];
    private bool _disposed;

    private readonly Lazy<(IModel Model, IRelationalTypeMappingSource Mappings)> _model = new(() =>
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        return (db.Model, db.GetService<IRelationalTypeMappingSource>());
    });

    public DatabaseProvider Provider { get; } = provider;

    /// <summary>The runtime model: table and column names, value converters.</summary>
    public IModel Model => _model.Value.Model;

    /// <summary>Parameters as EF binds them (a Guid as SQLite text, say).</summary>
    public IRelationalTypeMappingSource Mappings => _model.Value.Mappings;

    /// <summary>
    /// An open connection for one read; null on SQL Server, which these reads do not cover. On PostgreSQL a connection
    /// from Npgsql's pool (Npgsql prepares repeated statements itself). On SQLite one of a few connections kept open with
    /// their prepared commands: Microsoft.Data.Sqlite prepares a command's statements again for every new command,
    /// which cost more than running them.
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

/// <summary>One read's connection; on SQLite with the commands prepared on it before (<see cref="Prepared"/>).</summary>
public sealed class ReadSession(DbConnection connection, ReadConnections? keeper) : IAsyncDisposable
{
    /// <summary>Most prepared commands a kept connection holds; the oldest goes first.</summary>
    private const int KeptCommands = 32;

    private readonly Dictionary<string, DbCommand> _commands = [];
    private readonly Queue<string> _order = [];

    public DbConnection Connection { get; } = connection;

    /// <summary>
    /// The command for <paramref name="sql"/>: on a kept connection the one prepared before (its parameters cleared),
    /// else a new one, prepared and kept. On a connection that is not kept, always a new one.
    /// </summary>
    public DbCommand Prepared(string sql)
    {
        if (keeper is null)
        {
            var once = Connection.CreateCommand();
            once.CommandText = sql;
            return once;
        }

        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }

        if (_commands.Count >= KeptCommands)
        {
            var oldest = _order.Dequeue();
            _commands.Remove(oldest, out var dropped);
            dropped?.Dispose();
        }

        command = Connection.CreateCommand();
        command.CommandText = sql;
        _commands[sql] = command;
        _order.Enqueue(sql);
        return command;
    }

    /// <summary>Whether commands from <see cref="Prepared"/> belong to the session (not to be disposed by the caller).</summary>
    public bool KeepsCommands => keeper is not null;

    public async ValueTask DisposeAsync()
    {
        if (keeper is not null && Connection.State == System.Data.ConnectionState.Open && keeper.Return(this))
            return;
        foreach (var command in _commands.Values)
            await command.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
