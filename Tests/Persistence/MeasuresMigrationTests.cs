using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Persistence;

/// <summary>
/// The migration that brought customers, proximity and card measures, run over data saved before it: existing evidence
/// becomes second-hand evidence naming no customer, and the start-up backfill measures the cards once.
/// </summary>
public abstract class MeasuresMigrationTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const string Migration = "CustomersInsightsScore";
    private static readonly DateTimeOffset Then = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Existing_evidence_becomes_second_hand_and_the_backfill_measures_each_card_once()
    {
        await using var database = new TDatabase();
        await database.CreateAsync();
        Assert.SkipWhen(database.SkipReason is not null, database.SkipReason ?? "");
        await using var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddKanbanPersistence(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider,
                ["ConnectionStrings:Kanban"] = database.ConnectionString,
            }).Build())
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        var board = Board.Create("Before the migration", "user-1", Then);
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], "i", new CardDetails("Slow export", null, KanbanCustomer.Domain.Common.CustomerKind.External, 3, 10, [], []), "user-1", Then);
        card.AddEvidence(EvidenceKind.Quote, "Takes minutes", "support call", null, EvidenceProximity.DirectContact, "user-2", Then);
        card.AddEvidence(EvidenceKind.Observation, "Seen twice", null, "user-3", Then.AddDays(-30));
        card.CastVote("user-2", Then);
        db.AddRange(board, card);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        // Back to the schema before the migration, then forward again: the columns are made over existing rows.
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var previous = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(previous, TestContext.Current.CancellationToken);
        await migrator.MigrateAsync(null, TestContext.Current.CancellationToken);
        db.ChangeTracker.Clear();

        var evidence = await db.Evidence.AsNoTracking().Where(e => e.CardId == card.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, evidence.Count);
        Assert.All(evidence, e => Assert.Equal((EvidenceProximity.SecondHand, (Guid?)null), (e.Proximity, e.CustomerId)));
        var unmeasured = await db.Cards.AsNoTracking().SingleAsync(c => c.Id == card.Id, TestContext.Current.CancellationToken);
        Assert.Equal((0, 0, ProblemScore.NoKey, (DateTimeOffset?)null), (unmeasured.SecondHandEvidenceCount, unmeasured.VoteCount, unmeasured.ScoreKey, unmeasured.LastEvidenceAt));

        Assert.Equal(1, await CardMeasures.BackfillAsync(db, TestContext.Current.CancellationToken));
        Assert.Equal(0, await CardMeasures.BackfillAsync(db, TestContext.Current.CancellationToken));

        var measured = await db.Cards.AsNoTracking().SingleAsync(c => c.Id == card.Id, TestContext.Current.CancellationToken);
        Assert.Equal((2, 0, 1, Then), (measured.SecondHandEvidenceCount, measured.DirectEvidenceCount, measured.VoteCount, measured.LastEvidenceAt!.Value));
        // 3 x (1 + 1 vote) x (1 + 0 customers) x (1 + 2^(-30/90)), at the newest evidence's time.
        Assert.Equal(3 * 2 * (1 + Math.Pow(2, -30.0 / 90)), measured.ScoreAt(Then), 9);
        Assert.Equal(ProblemScore.Key(3, 1, 0, measured.EvidenceLog), measured.ScoreKey);
    }
}

public sealed class SqliteMeasuresMigrationTests : MeasuresMigrationTests<SqliteTestDatabase>;

public sealed class PostgresMeasuresMigrationTests : MeasuresMigrationTests<PostgresTestDatabase>;
