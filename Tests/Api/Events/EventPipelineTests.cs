using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Events;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>From commit to reader: publishing, the relay for what was never published, and the ordered feed.</summary>
public abstract class EventPipelineTests(KanbanApp app) : ApiTestBase(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Committed_events_are_published_and_marked_as_such()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId);

        var unpublished = await WaitUntilAsync(() => CountUnpublishedAsync(board.BoardId), n => n == 0);

        Assert.Equal(0, unpublished);
    }

    [Fact]
    public async Task The_relay_publishes_committed_events_that_were_never_published()
    {
        var board = await Alice.CreateBoardAsync();
        var boardId = Ids.Parse(board.BoardId, "Board");
        await WaitUntilAsync(() => CountUnpublishedAsync(board.BoardId), n => n == 0);
        await ForgetPublishedAsync(boardId); // as if the process died between commit and publish
        var received = new List<long>();
        using var subscription = Bus.Subscribe(boardId, e => { lock (received) received.Add(e.Seq); });

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        // The hosted relay wakes on the same clock and may take some first; after this pass none is left either way.
        await App.Services.GetRequiredService<BoardEventRelay>().RelayOnceAsync(TestContext.Current.CancellationToken);

        var total = await Alice.EventCountAsync(board.BoardId);
        Assert.Equal(0, await CountUnpublishedAsync(board.BoardId));
        // At least once: the background relay may race this pass and publish some twice; readers drop repeats by seq.
        lock (received)
            Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), received.Distinct().Order());
    }

    [Fact]
    public async Task The_feed_replays_after_a_sequence_number_then_follows_live_without_gaps_or_duplicates()
    {
        var board = await Alice.CreateBoardAsync();
        var boardId = Ids.Parse(board.BoardId, "Board");
        var replayFrom = await Alice.EventCountAsync(board.BoardId) - 3;
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new List<long>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in Feed.ReadAsync(boardId, replayFrom, timeout.Token))
            {
                seen.Add(e.Seq);
                if (seen.Count == 3 + 4)
                    return;
            }
        }, TestContext.Current.CancellationToken);

        for (var i = 0; i < 4; i++)
            await Alice.CreateCardAsync(board.BoardId, $"Live {i}");
        await reading;

        Assert.Equal(Enumerable.Range((int)replayFrom + 1, 7).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task An_event_that_arrives_before_its_predecessors_has_the_gap_filled_from_the_log()
    {
        var board = await Alice.CreateBoardAsync();
        var boardId = Ids.Parse(board.BoardId, "Board");
        var start = await Alice.EventCountAsync(board.BoardId);
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new List<long>();
        await using var reader = Feed.ReadAsync(boardId, null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = reader.MoveNextAsync().AsTask(); // subscribes to the bus, then waits for live events

        // Three changes are committed but only the last is published (the other two are "late").
        await WriteUnpublishedCardsAsync(boardId, 3);
        var last = await LatestEventAsync(boardId);
        await Bus.PublishAsync([last], timeout.Token);

        Assert.True(await first);
        seen.Add(reader.Current.Seq);
        while (seen.Count < 3 && await reader.MoveNextAsync())
            seen.Add(reader.Current.Seq);
        Assert.Equal([start + 1, start + 2, start + 3], seen);
    }

    private IBoardEventBus Bus => App.Services.GetRequiredService<IBoardEventBus>();

    private BoardEventFeed Feed => App.Services.GetRequiredService<BoardEventFeed>();

    private async Task<int> CountUnpublishedAsync(string boardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var id = Ids.Parse(boardId, "Board");
        return await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().BoardEvents
            .CountAsync(e => e.BoardId == id && e.PublishedAt == null, TestContext.Current.CancellationToken);
    }

    private async Task ForgetPublishedAsync(Guid boardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().BoardEvents.Where(e => e.BoardId == boardId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.PublishedAt, (DateTimeOffset?)null), TestContext.Current.CancellationToken);
    }

    /// <summary>Commits cards through a context that has no publisher, as a crashed instance would leave them.</summary>
    private async Task WriteUnpublishedCardsAsync(Guid boardId, int count)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using KanbanDbContext db = App.Provider switch
        {
            "Sqlite" => new SqliteKanbanDbContext(services.GetRequiredService<DbContextOptions<SqliteKanbanDbContext>>()),
            "SqlServer" => new SqlServerKanbanDbContext(services.GetRequiredService<DbContextOptions<SqlServerKanbanDbContext>>()),
            _ => new PostgresKanbanDbContext(services.GetRequiredService<DbContextOptions<PostgresKanbanDbContext>>()),
        };
        var board = await db.Boards.Include(b => b.Columns).Include(b => b.Swimlanes).SingleAsync(b => b.Id == boardId, TestContext.Current.CancellationToken);
        var ranks = RankKey.Spread(count);
        for (var i = 0; i < count; i++)
        {
            db.Cards.Add(Card.Report(board, board.Columns[0], board.Swimlanes[0], ranks[i],
                new CardDetails($"Late {i}", null, CustomerKind.External, 3, 0, [], []), "alice", App.Clock.GetUtcNow()));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
    }

    private async Task<BoardEvent> LatestEventAsync(Guid boardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().BoardEvents.AsNoTracking()
            .Where(e => e.BoardId == boardId).OrderByDescending(e => e.Seq).FirstAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

public sealed class SqliteEventPipelineTests(SqliteApp app) : EventPipelineTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresEventPipelineTests(PostgresApp app) : EventPipelineTests(app), IClassFixture<PostgresApp>;
