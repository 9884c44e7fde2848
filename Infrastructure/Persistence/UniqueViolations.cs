using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>Tells a save refused by one particular unique index from any other failure, on each provider.</summary>
public static class UniqueViolations
{
    /// <summary>
    /// Whether <paramref name="exception"/> says a row would repeat the values of <typeparamref name="TEntity"/>'s unique
    /// index over exactly <paramref name="properties"/> (a check the write made first can lose a race only here).
    /// </summary>
    public static bool Violates<TEntity>(this KanbanDbContext db, DbUpdateException exception, params string[] properties)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new ArgumentException($"{typeof(TEntity).Name} is not mapped.", nameof(TEntity));
        var index = entity.GetIndexes().Single(i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(properties));
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return exception.InnerException switch
        {
            PostgresException e => e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == index.GetDatabaseName(),
            // SQLITE_CONSTRAINT_UNIQUE names the columns: "UNIQUE constraint failed: Customers.BoardId, Customers.ExternalRef".
            SqliteException e => e.SqliteExtendedErrorCode == 2067 &&
                e.Message.Contains("UNIQUE constraint failed: " + string.Join(", ", index.Properties.Select(p => $"{table.Name}.{p.GetColumnName(table)}")), StringComparison.Ordinal),
            SqlException e => e.Number is 2601 or 2627 && e.Message.Contains($"'{index.GetDatabaseName()}'", StringComparison.Ordinal),
            _ => false,
        };
    }
}
