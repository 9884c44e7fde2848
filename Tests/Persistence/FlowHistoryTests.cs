using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KanbanCustomer.Tests.Persistence;

/// <summary>
/// The flow history the write path appends beside the board events, in the same transaction, and the start-up
/// backfill that writes the same history from the events of cards saved before it existed.
/// </summary>
public abstract class FlowHistoryTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private static readonly DateTimeOffset Then = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_flow_change_appends_one_step_and_the_backfill_writes_the_same_steps_once()
    {
        await using var migrated = await MigratedAsync();
        var (db, clock) = (migrated.Db, migrated.Clock);

        var board = Board.Create("Flow", "user-1", Then);
        var (reported, understood, solved) = (board.Columns[0], board.Columns[1], board.Columns[3]);
        var (external, internalLane) = (board.Swimlanes[0], board.Swimlanes[1]);
        var card = Card.Report(board, reported, external, "i", Details, "user-1", Then);
        db.AddRange(board, card);
        await db.SaveChangesAsync(Ct);
        await StepAsync(db, clock, () => card.MoveTo(understood, internalLane, "j", clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.Block("waiting", clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.Edit(Details with { Title = "Renamed" }, clock.GetUtcNow())); // not a step
        await StepAsync(db, clock, () => card.Unblock(clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.MoveTo(solved, internalLane, "k", clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.Archive(clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.Restore(clock.GetUtcNow()));

        var expected = new[]
        {
            (0, (Guid?)reported.Id, external.Id, false),
            (1, understood.Id, internalLane.Id, false),
            (2, understood.Id, internalLane.Id, true),
            (4, understood.Id, internalLane.Id, false),
            (5, solved.Id, internalLane.Id, false),
            (6, null, internalLane.Id, false),
            (7, solved.Id, internalLane.Id, false),
        };
        Assert.Equal(expected, await StepsAsync(db, card.Id));

        // Written again from the events alone, and only once.
        await db.CardTransitions.Where(t => t.CardId == card.Id).ExecuteDeleteAsync(Ct);
        Assert.Equal(1, await FlowSteps.BackfillAsync(db, Ct));
        Assert.Equal(0, await FlowSteps.BackfillAsync(db, Ct));
        Assert.Equal(expected, await StepsAsync(db, card.Id));
    }

    [Fact]
    public async Task The_timeline_holds_the_same_steps_and_place_as_the_rows_and_start_up_builds_a_missing_one()
    {
        await using var migrated = await MigratedAsync();
        var (db, clock) = (migrated.Db, migrated.Clock);
        var board = Board.Create("Timeline", "user-1", Then);
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], "i", Details, "user-1", Then);
        var other = Card.Report(board, board.Columns[0], board.Swimlanes[0], "j", Details, "user-1", Then);
        db.AddRange(board, card, other);
        await db.SaveChangesAsync(Ct);
        await StepAsync(db, clock, () => card.MoveTo(board.Columns[1], board.Swimlanes[1], "k", clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.Block("waiting", clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.Edit(Details with { Title = "Renamed" }, clock.GetUtcNow())); // not a step
        await StepAsync(db, clock, () => card.MoveTo(board.Columns[3], board.Swimlanes[1], "l", clock.GetUtcNow()));
        await StepAsync(db, clock, () => card.Archive(clock.GetUtcNow()));

        var rows = await RowsAsync(db, card.Id);
        var timeline = await db.CardTimelines.AsNoTracking().SingleAsync(t => t.CardId == card.Id, Ct);
        Assert.Equal(5, rows.Count);
        Assert.Equal(rows, CardTimeline.Read(timeline.Steps, new FlowStep[rows.Count]).ToArray());
        Assert.Equal(new CardPlace(board.Swimlanes[1].Id, CustomerKind.External, board.Columns[3].Id, true), timeline.Place);
        Assert.Equal(Then.AddHours(5), timeline.LastStepAt);
        Assert.Equal(Then, (await db.CardTimelines.AsNoTracking().SingleAsync(t => t.CardId == other.Id, Ct)).LastStepAt);

        // Start-up builds the same timeline from the rows of a card that has none, and builds nothing twice.
        await db.CardTimelines.Where(t => t.CardId == card.Id).ExecuteDeleteAsync(Ct);
        db.ChangeTracker.Clear();
        Assert.Equal(1, await CardTimelines.BackfillAsync(db, Ct));
        Assert.Equal(0, await CardTimelines.BackfillAsync(db, Ct));
        var rebuilt = await db.CardTimelines.AsNoTracking().SingleAsync(t => t.CardId == card.Id, Ct);
        Assert.Equal(timeline.Steps, rebuilt.Steps);
        Assert.Equal((timeline.Place, timeline.LastStepAt), (rebuilt.Place, rebuilt.LastStepAt));
    }

    [Fact]
    public async Task A_refused_write_appends_no_step()
    {
        await using var migrated = await MigratedAsync();
        var db = migrated.Db;
        var board = Board.Create("Flow", "user-1", Then);
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], "i", Details, "user-1", Then);
        db.AddRange(board, card);
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.WriteBoardAsync(board.Id, async () =>
        {
            var loaded = await db.Cards.SingleAsync(c => c.Id == card.Id, Ct);
            var column = await db.Columns.SingleAsync(c => c.BoardId == board.Id && c.Position == 1, Ct);
            var lane = await db.Swimlanes.SingleAsync(s => s.Id == loaded.SwimlaneId, Ct);
            loaded.MoveTo(column, lane, "j", Then);
            return true;
        }, Ct, beforeCommit: () => throw new InvalidOperationException("refused")));

        Assert.Single(await StepsAsync(db, card.Id));
    }

    /// <summary>Two instances backfilling at once: the second save repeats a step, which start-up tells from other failures.</summary>
    [Fact]
    public async Task A_repeated_step_is_refused_by_the_unique_index_that_start_up_recognises()
    {
        await using var migrated = await MigratedAsync();
        var db = migrated.Db;
        var board = Board.Create("Flow", "user-1", Then);
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], "i", Details, "user-1", Then);
        db.AddRange(board, card);
        await db.SaveChangesAsync(Ct);
        var first = await db.CardTransitions.AsNoTracking().SingleAsync(t => t.CardId == card.Id, Ct);

        db.CardTransitions.Add(new CardTransition(first.BoardId, first.CardId, first.EventSeq, first.At, first.ColumnId, first.SwimlaneId, first.CustomerKind, first.IsBlocked));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        Assert.True(db.Violates<CardTransition>(refused, nameof(CardTransition.BoardId), nameof(CardTransition.EventSeq), nameof(CardTransition.CardId)));
    }

    [Fact]
    public async Task The_card_counts_follow_every_save_and_the_migration_counts_the_same()
    {
        await using var migrated = await MigratedAsync();
        var (db, clock) = (migrated.Db, migrated.Clock);
        var board = Board.Create("Counts", "user-1", Then);
        var other = Board.Create("Other", "user-1", Then);
        var (external, internalLane) = (board.Swimlanes[0], board.Swimlanes[1]);
        var cards = Enumerable.Range(0, 4).Select(i => Card.Report(board, board.Columns[0], external, $"i{i}", Details, "user-1", Then)).ToList();
        db.AddRange(board, other, Card.Report(other, other.Columns[0], other.Swimlanes[0], "i", Details, "user-1", Then));
        db.AddRange(cards);
        await db.SaveChangesAsync(Ct);
        await AssertCountedAsync(db, board.Id, (external.Id, board.Columns[0].Id, false, 4));

        await StepAsync(db, clock, () => cards[0].MoveTo(board.Columns[1], internalLane, "j", clock.GetUtcNow()));
        await StepAsync(db, clock, () => cards[1].Edit(Details with { CustomerKind = CustomerKind.Internal }, clock.GetUtcNow()));
        await StepAsync(db, clock, () =>
        {
            cards[2].MoveTo(board.Columns[3], external, "k", clock.GetUtcNow());
            cards[2].Archive(clock.GetUtcNow());
        });
        await StepAsync(db, clock, () => cards[3].MergeInto(cards[0], clock.GetUtcNow()));
        await StepAsync(db, clock, () => cards[1].Block("waiting", clock.GetUtcNow())); // not a change of place

        Assert.True(cards[3].IsArchived);
        await AssertCountedAsync(db, board.Id,
            (internalLane.Id, board.Columns[1].Id, false, 1), (external.Id, board.Columns[0].Id, false, 1),
            (external.Id, board.Columns[3].Id, true, 1), (external.Id, board.Columns[0].Id, true, 1));
        await StepAsync(db, clock, () => cards[2].Restore(clock.GetUtcNow()));
        await AssertCountedAsync(db, board.Id,
            (internalLane.Id, board.Columns[1].Id, false, 1), (external.Id, board.Columns[0].Id, false, 1),
            (external.Id, board.Columns[3].Id, false, 1), (external.Id, board.Columns[0].Id, true, 1));
        Assert.Equal(1, await db.CardCounts.Where(c => c.BoardId == other.Id).SumAsync(c => c.Count, Ct));

        // The migration's own count of the cards there were, in this provider's SQL, gives the same rows.
        var kept = await CountsAsync(db, board.Id);
        await db.CardCounts.ExecuteDeleteAsync(Ct);
        await db.Database.ExecuteSqlRawAsync(KanbanCustomer.Infrastructure.Persistence.Migrations.CardCountBackfill.Sql, Ct);
        Assert.Equal(kept, await CountsAsync(db, board.Id));
    }

    /// <summary>The kept counts are the cards counted where they stand, and <paramref name="expected"/> besides.</summary>
    private static async Task AssertCountedAsync(KanbanDbContext db, Guid boardId, params (Guid Lane, Guid Column, bool Archived, int Count)[] expected)
    {
        var kept = await CountsAsync(db, boardId);
        var counted = (await CardCounts.CountAsync(db, boardId, Ct))
            .Select(c => (c.SwimlaneId, c.ColumnId, c.IsArchived, c.CustomerKind, c.Count)).Order().ToList();
        Assert.Equal(counted, kept);
        Assert.Equal(expected.Select(e => (e.Lane, e.Column, e.Archived, e.Count)).Order(), kept.Select(k => (k.Item1, k.Item2, k.Item3, k.Item5)).Order());
    }

    private static async Task<List<(Guid, Guid, bool, CustomerKind, int)>> CountsAsync(KanbanDbContext db, Guid boardId) =>
        (await db.CardCounts.AsNoTracking().Where(c => c.BoardId == boardId).ToListAsync(Ct))
            .Select(c => (c.SwimlaneId, c.ColumnId, c.IsArchived, c.CustomerKind, c.Count)).Order().ToList();

    private static readonly CardDetails Details = new("Slow export", null, CustomerKind.External, 3, 10, [], []);

    /// <summary>A throw-away database of the provider, migrated, with a context whose clock starts at <see cref="Then"/>; skips without its server.</summary>
    private static async Task<Migrated> MigratedAsync()
    {
        var database = new TDatabase();
        await database.CreateAsync();
        if (database.SkipReason is { } reason)
        {
            await database.DisposeAsync();
            Assert.Skip(reason);
        }

        var clock = new FakeTimeProvider(Then);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddKanbanPersistence(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider,
                ["ConnectionStrings:Kanban"] = database.ConnectionString,
            }).Build())
            .BuildServiceProvider();
        var scope = services.CreateAsyncScope();
        var migrated = new Migrated(database, services, scope, clock);
        await migrated.Db.Database.MigrateAsync(Ct);
        return migrated;
    }

    private sealed class Migrated(TestDatabase database, ServiceProvider services, AsyncServiceScope scope, FakeTimeProvider clock) : IAsyncDisposable
    {
        public KanbanDbContext Db { get; } = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();

        public FakeTimeProvider Clock => clock;

        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            await services.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static async Task StepAsync(KanbanDbContext db, FakeTimeProvider clock, Action change)
    {
        clock.Advance(TimeSpan.FromHours(1));
        change();
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<List<FlowStep>> RowsAsync(KanbanDbContext db, Guid cardId) =>
        (await db.CardTransitions.AsNoTracking().Where(t => t.CardId == cardId).OrderBy(t => t.EventSeq).ToListAsync(Ct))
            .Select(t => FlowStep.Of(t) with { At = t.At.ToUniversalTime() }).ToList();

    /// <summary>Each step as (hours after <see cref="Then"/>, column, lane, blocked).</summary>
    private static async Task<List<(int, Guid?, Guid, bool)>> StepsAsync(KanbanDbContext db, Guid cardId)
    {
        var steps = await db.CardTransitions.AsNoTracking().Where(t => t.CardId == cardId).OrderBy(t => t.EventSeq).ToListAsync(Ct);
        return steps.Select(t => ((int)(t.At - Then).TotalHours, t.ColumnId, t.SwimlaneId, t.IsBlocked)).ToList();
    }
}

public sealed class SqliteFlowHistoryTests : FlowHistoryTests<SqliteTestDatabase>;

public sealed class PostgresFlowHistoryTests : FlowHistoryTests<PostgresTestDatabase>;
