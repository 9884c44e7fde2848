using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// SQLite's built-in <c>lower()</c> folds ASCII letters only ("ÄRGER" stays "ÄRGER"). Every connection gets a
/// Unicode <c>lower()</c> in its place, so case-insensitive searches treat "Ärger" and "ärger" alike, as
/// PostgreSQL and SQL Server do.
/// </summary>
internal sealed class SqliteUnicodeLower : DbConnectionInterceptor
{
    public static readonly SqliteUnicodeLower Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
            sqlite.CreateFunction<string?, string?>("lower", value => value?.ToLowerInvariant(), isDeterministic: true);
    }
}
