using KanbanCustomer.Domain.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>The embedded default. Times are stored as UTC ticks so SQLite can compare and sort them in SQL.</summary>
public sealed class SqliteKanbanDbContext(
    DbContextOptions<SqliteKanbanDbContext> options, ICurrentActor? actor = null, TimeProvider? time = null, ICommittedEvents? committed = null,
    ICommittedDeliveries? deliveries = null)
    : KanbanDbContext(options, actor, time, committed, deliveries)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

/// <summary>The design card's production target.</summary>
public sealed class SqlServerKanbanDbContext(
    DbContextOptions<SqlServerKanbanDbContext> options, ICurrentActor? actor = null, TimeProvider? time = null, ICommittedEvents? committed = null,
    ICommittedDeliveries? deliveries = null)
    : KanbanDbContext(options, actor, time, committed, deliveries)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Rank keys compare ordinally; the default collation is case-insensitive.
        modelBuilder.Entity<Card>().Property(c => c.Rank).UseCollation("Latin1_General_BIN2");
    }
}

/// <summary>The second server, and the real server the tests run on.</summary>
public sealed class PostgresKanbanDbContext(
    DbContextOptions<PostgresKanbanDbContext> options, ICurrentActor? actor = null, TimeProvider? time = null, ICommittedEvents? committed = null,
    ICommittedDeliveries? deliveries = null)
    : KanbanDbContext(options, actor, time, committed, deliveries)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Rank keys compare ordinally; a locale collation would not.
        modelBuilder.Entity<Card>().Property(c => c.Rank).UseCollation("C");
    }
}
