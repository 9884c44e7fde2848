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
/// Migrations that reshape existing rows, run over data saved before them: existing evidence becomes second-hand evidence
/// naming no customer (and the start-up backfill measures the cards once); existing cards get their watchers.
/// </summary>
public abstract class MeasuresMigrationTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const string Migration = "CustomersInsightsScore";
    private static readonly DateTimeOffset Then = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Existing_evidence_becomes_second_hand_and_the_backfill_measures_each_card_once()
    {
        await MigratedOverACardAsync(Migration, async (db, card) =>
        {

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
        });
    }

    [Fact]
    public async Task The_watches_migration_gives_existing_cards_their_reporter_evidence_authors_and_voters()
    {
        await MigratedOverACardAsync("CardWatches", async (db, card) =>
        {

            var watches = await db.CardWatches.AsNoTracking().Where(w => w.CardId == card.Id).OrderBy(w => w.UserId)
                .Select(w => new { w.UserId, w.Since, w.BoardId }).ToListAsync(TestContext.Current.CancellationToken);

            // user-2 gave evidence and voted: one watch, since the first of the two.
            Assert.Equal([("user-1", Then), ("user-2", Then), ("user-3", Then.AddDays(-30))], watches.Select(w => (w.UserId, w.Since)));
            Assert.All(watches, w => Assert.Equal(card.BoardId, w.BoardId));
        });
    }

    private static ServiceProvider Services(TDatabase database) =>
        new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddKanbanPersistence(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider,
                ["ConnectionStrings:Kanban"] = database.ConnectionString,
            }).Build())
            .BuildServiceProvider();

    /// <summary>
    /// A card with evidence and a vote saved on the current schema of a new database, then the schema taken back to
    /// before <paramref name="migration"/> and forward again, so that migration and the later ones run over existing
    /// rows; then <paramref name="check"/>. Skips without the database's server.
    /// </summary>
    private static async Task MigratedOverACardAsync(string migration, Func<KanbanDbContext, Card, Task> check)
    {
        await using var database = new TDatabase();
        await database.CreateAsync();
        Assert.SkipWhen(database.SkipReason is not null, database.SkipReason ?? "");
        await using var services = Services(database);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        await check(db, await MigratedOverACardAsync(db, migration));
    }

    private static async Task<Card> MigratedOverACardAsync(KanbanDbContext db, string migration)
    {
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        var board = Board.Create("Before the migration", "user-1", Then);
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], "i", new CardDetails("Slow export", null, KanbanCustomer.Domain.Common.CustomerKind.External, 3, 10, [], []), "user-1", Then);
        card.AddEvidence(EvidenceKind.Quote, "Takes minutes", "support call", null, EvidenceProximity.DirectContact, "user-2", Then);
        card.AddEvidence(EvidenceKind.Observation, "Seen twice", null, "user-3", Then.AddDays(-30));
        card.CastVote("user-2", Then);
        db.AddRange(board, card);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var previous = migrations[migrations.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(previous, TestContext.Current.CancellationToken);
        await migrator.MigrateAsync(null, TestContext.Current.CancellationToken);
        db.ChangeTracker.Clear();
        return card;
    }
}

public sealed class SqliteMeasuresMigrationTests : MeasuresMigrationTests<SqliteTestDatabase>;

public sealed class PostgresMeasuresMigrationTests : MeasuresMigrationTests<PostgresTestDatabase>;
