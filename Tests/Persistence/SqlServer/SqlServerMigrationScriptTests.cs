using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

/// <summary>
/// The SQL Server migrations as a deployment runs them (<c>dotnet ef migrations script --idempotent</c>), read by
/// Microsoft's T-SQL parser batch by batch: no SQL Server is needed, so this runs everywhere (docs/sql-server.md).
/// </summary>
public sealed class SqlServerMigrationScriptTests
{
    private static string IdempotentScript()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        return context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    [Fact]
    public void The_idempotent_script_holds_every_migration_and_creates_the_tables()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = IdempotentScript();

        var migrations = context.Database.GetMigrations().ToList();
        Assert.True(migrations.Count >= 2, "SQL Server has its migrations");
        foreach (var id in migrations)
            Assert.Contains($"N'{id}'", script, StringComparison.Ordinal);
        foreach (var table in new[] { "Boards", "Columns", "Swimlanes", "Cards", "BoardEvents", "CardTransitions" })
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    /// <summary>
    /// SqlClient sessions (EF, SSMS, Invoke-Sqlcmd) have QUOTED_IDENTIFIER ON; sqlcmd without <c>-I</c> turns it OFF, and
    /// then a "quoted" name is a string. The script must run either way: its names are [bracketed].
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_batch_of_the_idempotent_script_parses_as_T_SQL(bool quotedIdentifiers)
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = IdempotentScript();
        var batches = TSqlScripts.Batches(script);

        // The history table's batch, then one batch (one transaction) per migration: fewer means the GO lines were lost.
        Assert.True(batches.Count > context.Database.GetMigrations().Count(), $"only {batches.Count} batches");
        Assert.NotEmpty(TSqlScripts.DynamicTexts(script));
        var failures = batches.Select((batch, i) => (Batch: i + 1, Sql: batch, Errors: TSqlScripts.Errors(batch, quotedIdentifiers)))
            .Where(b => b.Errors.Count > 0)
            .Select(b => $"batch {b.Batch} of {batches.Count}:\n{string.Join("\n", b.Errors)}\n{b.Sql.Trim()}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void A_batch_that_is_not_T_SQL_is_caught()
    {
        // The check itself: PostgreSQL's and SQLite's spellings fail here, so a passing script is not an accident.
        Assert.NotEmpty(TSqlScripts.Errors("CREATE TABLE \"Cards\" (\"Id\" uuid NOT NULL) WITH OIDS;"));
        Assert.NotEmpty(TSqlScripts.Errors("SELECT * FROM [Cards] LIMIT 5;"));
        Assert.NotEmpty(TSqlScripts.Errors("SELECT 1 WHERE [Title] ILIKE N'%a%';"));
        Assert.Empty(TSqlScripts.Errors("SELECT TOP(5) * FROM [Cards] WHERE [Title] LIKE N'%a%';"));
        Assert.Equal(3, TSqlScripts.Batches("SELECT 1;\nGO\nSELECT 2;\n  go  \nSELECT 3;\nGO\n").Count);
        Assert.NotEmpty(TSqlScripts.Errors("EXEC(N'CREATE INDEX [IX] ON [Cards] ([Id]) WHERE [Id] IS NOT NULL LIMIT 1');"));
    }

    /// <summary>
    /// What the server sends at start-up (<c>Database:MigrateOnStartup</c>, the default) on an empty database: EF's
    /// migration lock and history table, then every migration's commands one by one, as <c>MigrateAsync</c> sends them.
    /// </summary>
    [Fact]
    public async Task Migrating_an_empty_database_at_start_up_sends_T_SQL()
    {
        await using var sql = new SqlServerRecorder();
        sql.Answer = statement => statement.Contains("sp_getapplock", StringComparison.Ordinal) ? Lock() : null;

        await sql.Db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        var statements = sql.Statements;
        Assert.Contains(statements, s => s.Contains("sp_getapplock", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("CREATE TABLE [Cards]", StringComparison.Ordinal));
        Assert.True(statements.Count > 100, $"{statements.Count} commands");
        foreach (var statement in statements)
            TSqlScripts.AssertParses("start-up migration", statement);
    }

    /// <summary>sp_getapplock's result: 0, the lock was granted at once.</summary>
    private static System.Data.DataTable Lock()
    {
        var table = new System.Data.DataTable();
        table.Columns.Add("result", typeof(int));
        table.Rows.Add(0);
        return table;
    }
}
