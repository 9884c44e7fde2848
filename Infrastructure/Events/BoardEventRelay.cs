using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Infrastructure.Events;

/// <summary>
/// Publishes committed events that never got published (a crash or a bus outage between commit and publish).
/// Runs on every instance; readers drop duplicates by sequence number, so two relays racing is harmless.
/// </summary>
public sealed class BoardEventRelay(IServiceScopeFactory scopes, IBoardEventBus bus, TimeProvider time, IOptions<EventOptions> options, ILogger<BoardEventRelay> logger,
    KanbanMetrics metrics)
    : BackgroundService
{
    /// <summary>One pass: measures the outbox lag, then publishes up to a batch of overdue events; returns how many.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var now = time.GetUtcNow();
        await MeasureLagAsync(db, now, cancellationToken);
        var cutoff = now - options.Value.RelayGrace;
        var overdue = await db.BoardEvents.AsNoTracking()
            .Where(e => e.PublishedAt == null && e.OccurredAt <= cutoff)
            .OrderBy(e => e.Id)
            .Take(options.Value.RelayBatchSize)
            .ToListAsync(cancellationToken);
        if (overdue.Count == 0)
            return 0;
        await bus.PublishAsync(overdue, cancellationToken);
        await db.MarkPublishedAsync(overdue.Select(e => e.Id).ToList(), cancellationToken);
        return overdue.Count;
    }

    /// <summary>The age of the oldest event not yet published (what this pass is about to catch up on), for the outbox lag gauge.</summary>
    private async Task MeasureLagAsync(KanbanDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        metrics.RecordOutboxLag(null); // unknown until the database answers
        var oldest = await db.BoardEvents.AsNoTracking()
            .Where(e => e.PublishedAt == null)
            .OrderBy(e => e.Id)
            .Select(e => (DateTimeOffset?)e.OccurredAt)
            .FirstOrDefaultAsync(cancellationToken);
        metrics.RecordOutboxLag(oldest is { } occurredAt ? now - occurredAt : TimeSpan.Zero);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RelayInterval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var relayed = await RelayOnceAsync(stoppingToken);
                if (relayed > 0)
                    logger.LogInformation("Relayed {Count} board events that had not been published.", relayed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed pass (database or bus down) is retried on the next tick.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Relaying board events failed; retrying in {Interval}.", interval);
            }
        }
    }
}
