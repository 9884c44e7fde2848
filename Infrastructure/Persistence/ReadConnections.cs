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
public sealed class ReadConnections(IServiceProvider services, DatabaseProvider provider, string connectionString)
{
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

    /// <summary>A new, closed connection; null on SQL Server, which these reads do not cover.</summary>
    public DbConnection? Create() => Provider switch
    {
        DatabaseProvider.Postgres => new NpgsqlConnection(connectionString),
        DatabaseProvider.Sqlite => new SqliteConnection(connectionString),
        _ => null,
    };
}
