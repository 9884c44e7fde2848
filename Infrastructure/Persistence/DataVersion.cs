using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// A number that changes after every write this process makes to the database: what the API's response cache checks
/// its entries against. It moves after the write is visible (after the command in autocommit, and again after the
/// commit of a transaction), so a read that started before a write can never be stored under a number that is still
/// current once the write is visible.
/// </summary>
public sealed class DataVersion
{
    private long _value;

    public long Current => Volatile.Read(ref _value);

    public void Advance() => Interlocked.Increment(ref _value);
}

/// <summary>Advances <see cref="DataVersion"/> for every command that is not a plain SELECT, and for every commit.</summary>
public sealed class DataVersionInterceptor(DataVersion version) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        AdvanceOnWrite(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        AdvanceOnWrite(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        version.Advance();
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        version.Advance();
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        AdvanceOnWrite(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        AdvanceOnWrite(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => version.Advance();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        version.Advance();
        return Task.CompletedTask;
    }

    // EF's queries start with SELECT; anything else (INSERT ... RETURNING, UPDATE, DELETE, locks) counts as a write.
    private void AdvanceOnWrite(DbCommand command)
    {
        if (!command.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            version.Advance();
    }
}
