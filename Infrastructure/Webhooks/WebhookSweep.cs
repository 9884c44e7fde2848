using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>
/// Hands pending deliveries that are due to the dispatcher again, at start-up and then every
/// <c>Webhooks:SweepInterval</c>: a delivery outlives a restart (and Hangfire's in-memory storage), a lost
/// dispatch and a worker that died mid-attempt. Deliveries of disabled webhooks wait until they are enabled.
/// </summary>
public sealed class WebhookSweep(IServiceScopeFactory scopes, WebhookOptions options, TimeProvider time, ILogger<WebhookSweep> logger)
    : BackgroundService
{
    public const int BatchSize = 500;

    /// <summary>One pass: dispatches up to a batch of due deliveries, most overdue first; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var dispatcher = scope.ServiceProvider.GetRequiredService<IWebhookDispatcher>();
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
            .Where(d => db.Webhooks.Any(w => w.Id == d.WebhookId && w.Enabled))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => d.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var id in due)
            dispatcher.Dispatch(id);
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var dispatched = await SweepAsync(stoppingToken);
                if (dispatched > 0)
                    logger.LogInformation("Handed {Count} pending webhook deliveries to the job queue.", dispatched);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed pass (database or job storage down) is retried on the next one.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Sweeping pending webhook deliveries failed; retrying in {Interval}.", options.SweepInterval);
            }

            try
            {
                await Task.Delay(options.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
