using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// SQLite's built-in <c>lower()</c> folds ASCII letters only ("ÄRGER" stays "ÄRGER"). A command that calls
/// <c>lower()</c> gets a Unicode one in its place on its connection, so case-insensitive searches treat "Ärger" and
/// "ärger" alike, as PostgreSQL and SQL Server do. Only such commands pay for the registration (a pooled connection
/// forgets its functions when it goes back to the pool, and registering on every open cost several percent of a
/// simple query's time).
/// </summary>
internal sealed class SqliteUnicodeLower : DbCommandInterceptor
{
    public static readonly SqliteUnicodeLower Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Register(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Register(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Register(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Register(command);
        return ValueTask.FromResult(result);
    }

    private static void Register(DbCommand command)
    {
        if (command.Connection is SqliteConnection sqlite && command.CommandText.Contains("lower(", StringComparison.OrdinalIgnoreCase))
            sqlite.CreateFunction<string?, string?>("lower", value => value?.ToLowerInvariant(), isDeterministic: true);
    }
}
