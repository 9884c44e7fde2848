using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Infrastructure.Events;

/// <summary>
/// One board's events in sequence order, without gaps or duplicates: first those after <c>afterSeq</c> from the
/// log, then live ones from the bus. A live event that arrives early (a gap) has the gap filled from the log
/// first; one already seen is dropped. A slow reader loses nothing either: overflowing live events are dropped
/// and read back from the log. A feed quiet for <see cref="QuietCheck"/> checks the log itself, so an event the bus
/// lost (Redis restarted) arrives within seconds even when no later event shows the gap.
/// </summary>
public sealed class BoardEventFeed(IBoardEventBus bus, IServiceScopeFactory scopes)
{
    public const int PageSize = 200;
    private const int LiveBuffer = 1024;

    /// <summary>How long a live feed waits for an event before it checks the log for one the bus lost.</summary>
    public static readonly TimeSpan QuietCheck = TimeSpan.FromSeconds(10);

    public async IAsyncEnumerable<BoardEvent> ReadAsync(Guid boardId, long? afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var live = Channel.CreateBounded<BoardEvent>(new BoundedChannelOptions(LiveBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        // Listen before reading the log, so nothing committed in between is missed.
        using var subscription = bus.Subscribe(boardId, e => live.Writer.TryWrite(e));

        var last = afterSeq ?? await LastSeqAsync(boardId, cancellationToken);
        await foreach (var logged in LogAfterAsync(boardId, last, long.MaxValue, cancellationToken))
        {
            last = logged.Seq;
            yield return logged;
        }

        while (true)
        {
            var next = await NextLiveAsync(live.Reader, cancellationToken);
            if (next is null)
            {
                // Quiet for a while. Redis pub/sub delivers at most once: a message published while this instance
                // was reconnecting (a Redis restart) is gone, and nothing would fill the gap until the board's next
                // event. So a quiet feed looks at the log itself: one primary-key read, and the log only if behind.
                if (await LastSeqAsync(boardId, cancellationToken) > last)
                {
                    await foreach (var missed in LogAfterAsync(boardId, last, long.MaxValue, cancellationToken))
                    {
                        last = missed.Seq;
                        yield return missed;
                    }
                }

                continue;
            }

            if (next.Seq <= last)
                continue;
            if (next.Seq > last + 1)
            {
                await foreach (var missed in LogAfterAsync(boardId, last, next.Seq, cancellationToken))
                {
                    last = missed.Seq;
                    yield return missed;
                }
            }

            if (next.Seq <= last)
                continue;
            last = next.Seq;
            yield return next;
        }
    }

    /// <summary>The next live event, or null after <see cref="QuietCheck"/> without one.</summary>
    private static async Task<BoardEvent?> NextLiveAsync(ChannelReader<BoardEvent> live, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(QuietCheck);
        try
        {
            return await live.ReadAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Events with <paramref name="afterSeq"/> &lt; seq &lt; <paramref name="beforeSeq"/>, from the log, page by page.</summary>
    public async IAsyncEnumerable<BoardEvent> LogAfterAsync(Guid boardId, long afterSeq, long beforeSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await PageAsync(boardId, afterSeq, beforeSeq, PageSize, cancellationToken);
            foreach (var boardEvent in page)
            {
                afterSeq = boardEvent.Seq;
                yield return boardEvent;
            }

            if (page.Count < PageSize)
                yield break;
        }
    }

    private async Task<List<BoardEvent>> PageAsync(Guid boardId, long afterSeq, long beforeSeq, int size, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        return await db.BoardEvents.AsNoTracking()
            .Where(e => e.BoardId == boardId && e.Seq > afterSeq && e.Seq < beforeSeq)
            .OrderBy(e => e.Seq)
            .Take(size)
            .ToListAsync(cancellationToken);
    }

    private async Task<long> LastSeqAsync(Guid boardId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        return await db.Boards.Where(b => b.Id == boardId).Select(b => b.LastEventSeq).SingleOrDefaultAsync(cancellationToken);
    }
}
