using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Persistence;

/// <summary>
/// SQLite statements prepared once on a kept read connection (ReadSession.Run): values bind as EF stores them, every
/// statement of a script is read in turn, a reader that is done holds no lock, and a bad statement is a DbException (the
/// compiled read then hands the request to the resolvers).
/// </summary>
public sealed class SqliteStatementsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Script = """
        SELECT "Id", "Name", "CreatedBy" FROM "Boards" WHERE "Id" = @board AND "CreatedBy" = @who;
        SELECT "Id", "Position", "WipLimit" FROM "Columns" WHERE "BoardId" = @board ORDER BY "Position" LIMIT @n
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_script_binds_a_guid_text_and_a_number_as_EF_stores_them_and_reads_each_statement_in_turn()
    {
        var board = await SeedAsync();
        var reads = app.Services.GetRequiredService<ReadConnections>();

        await using var session = (await reads.OpenAsync(Cancel))!;
        // Twice: the second run reuses the statements prepared by the first.
        for (var run = 0; run < 2; run++)
        {
            await using var reader = session.Run(Script, new Dictionary<string, object> { ["board"] = board.Id, ["who"] = "sqlite-reader", ["n"] = 2 });

            Assert.True(await reader.ReadAsync(Cancel));
            Assert.Equal(board.Id, reader.GetGuid(0));
            Assert.Equal("Read \"natively\" ✓", reader.GetString(1));
            Assert.False(await reader.ReadAsync(Cancel));
            Assert.True(await reader.NextResultAsync(Cancel));
            var columns = new List<(Guid Id, int Position, bool NoLimit)>();
            while (await reader.ReadAsync(Cancel))
                columns.Add((reader.GetGuid(0), reader.GetInt32(1), reader.IsDBNull(2)));
            Assert.Equal(board.Columns.OrderBy(c => c.Position).Take(2).Select(c => (c.Id, c.Position, c.WipLimit is null)), columns);
            Assert.False(await reader.NextResultAsync(Cancel));
        }
    }

    [Fact]
    public async Task A_reader_stopped_half_way_holds_no_read_transaction_once_disposed_so_the_log_can_be_checkpointed()
    {
        var board = await SeedAsync();
        var reads = app.Services.GetRequiredService<ReadConnections>();
        await using (var session = (await reads.OpenAsync(Cancel))!)
        {
            // One row of two and stop: the statement is mid-way until the reader is disposed; the session is then kept.
            await using var reader = session.Run(Script, new Dictionary<string, object> { ["board"] = board.Id, ["who"] = "sqlite-reader", ["n"] = 5 });
            Assert.True(await reader.ReadAsync(Cancel));
        }

        await using var writer = new SqliteConnection(app.ConnectionString + ";Default Timeout=1");
        await writer.OpenAsync(Cancel);
        await using var update = writer.CreateCommand();
        update.CommandText = "UPDATE \"Boards\" SET \"Name\" = 'Renamed' WHERE \"Id\" = @id";
        update.Parameters.AddWithValue("@id", board.Id.ToString("D").ToUpperInvariant());
        Assert.Equal(1, await update.ExecuteNonQueryAsync(Cancel));
        // A connection still reading an old snapshot would keep the write-ahead log from being emptied: busy = 1.
        await using var checkpoint = writer.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var result = await checkpoint.ExecuteReaderAsync(Cancel);

        Assert.True(await result.ReadAsync(Cancel));
        Assert.Equal(0L, result.GetInt64(0));
    }

    [Fact]
    public async Task An_empty_text_binds_as_empty_text_not_as_null()
    {
        var reads = app.Services.GetRequiredService<ReadConnections>();
        await using var session = (await reads.OpenAsync(Cancel))!;

        await using var reader = session.Run("SELECT CASE WHEN @s IS NULL THEN 'null' ELSE 'text:' || @s END", new Dictionary<string, object> { ["s"] = "" });

        Assert.True(await reader.ReadAsync(Cancel));
        Assert.Equal("text:", reader.GetString(0));
    }

    [Fact]
    public async Task A_statement_SQLite_refuses_is_a_DbException_and_the_session_stays_usable()
    {
        var board = await SeedAsync();
        var reads = app.Services.GetRequiredService<ReadConnections>();
        await using var session = (await reads.OpenAsync(Cancel))!;

        var refused = Assert.ThrowsAny<System.Data.Common.DbException>(() => session.Run("SELECT \"NoSuchColumn\" FROM \"Boards\"", new Dictionary<string, object>()));
        await using var reader = session.Run(Script, new Dictionary<string, object> { ["board"] = board.Id, ["who"] = "sqlite-reader", ["n"] = 1 });

        Assert.Contains("NoSuchColumn", refused.Message, StringComparison.Ordinal);
        Assert.True(await reader.ReadAsync(Cancel));
    }

    private async Task<Board> SeedAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var board = Board.Create("Read \"natively\" ✓", "sqlite-reader", DateTimeOffset.UtcNow);
        db.Boards.Add(board);
        await db.SaveChangesAsync(Cancel);
        return await db.Boards.Include(b => b.Columns).AsNoTracking().SingleAsync(b => b.Id == board.Id, Cancel);
    }
}
