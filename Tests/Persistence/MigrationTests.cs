using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KanbanCustomer.Tests.Persistence;

/// <summary>Each provider's migrations match its model; no database server is needed to check that.</summary>
public sealed class MigrationTests
{
    public static TheoryData<string> Providers => ["Sqlite", "SqlServer", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_providers_model_has_no_changes_missing_from_its_migrations(string provider)
    {
        using var context = Create(provider);
        Assert.False(context.Database.HasPendingModelChanges(), $"{provider}: run dotnet ef migrations add (see README).");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_provider_has_its_own_migrations(string provider)
    {
        using var context = Create(provider);
        var migrations = context.GetService<IMigrationsAssembly>().Migrations;
        Assert.NotEmpty(migrations);
        Assert.Contains(migrations.Keys, id => id.EndsWith("_Initial", StringComparison.Ordinal));
    }

    /// <summary>SQL Server has no server here: its script is read instead (SQLite and PostgreSQL run it, see MeasuresMigrationTests).</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void The_customers_migration_makes_existing_evidence_second_hand_and_existing_cards_scoreless(string provider)
    {
        using var context = Create(provider);
        var migrations = context.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_CustomersInsightsScore", StringComparison.Ordinal));

        var script = context.GetService<IMigrator>().GenerateScript(migrations[index - 1], migrations[index]);

        Assert.Matches(@"(?i)Proximity.{0,80}NOT NULL DEFAULT (N)?'SecondHand'", script);
        Assert.Matches(@"(?i)ScoreKey.{0,80}NOT NULL DEFAULT -1000000", script);
    }

    [Fact]
    public void Rank_keys_compare_ordinally_on_the_servers()
    {
        using var postgres = Create("Postgres");
        using var sqlServer = Create("SqlServer");
        Assert.Equal("C", RankCollation(postgres));
        Assert.Equal("Latin1_General_BIN2", RankCollation(sqlServer));
    }

    private static string? RankCollation(KanbanDbContext context) =>
        context.GetService<IDesignTimeModel>().Model.FindEntityType(typeof(KanbanCustomer.Domain.Cards.Card))!.FindProperty("Rank")!.GetCollation();

    private static KanbanDbContext Create(string provider) => provider switch
    {
        "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
        "SqlServer" => new SqlServerDesignTimeFactory().CreateDbContext([]),
        "Postgres" => new PostgresDesignTimeFactory().CreateDbContext([]),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
