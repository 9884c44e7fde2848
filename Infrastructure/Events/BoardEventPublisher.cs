using System.Threading.Channels;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Infrastructure.Events;

/// <summary>
/// Publishes committed events off the request path, one batch at a time in commit order, and marks them
/// published. A write never waits for the bus; what fails here the relay publishes later.
/// </summary>
public sealed class BoardEventPublisher(IBoardEventBus bus, IServiceScopeFactory scopes, ILogger<BoardEventPublisher> logger)
    : BackgroundService, ICommittedEvents
{
    private readonly Channel<IReadOnlyList<BoardEvent>> _queue =
        Channel.CreateUnbounded<IReadOnlyList<BoardEvent>>(new UnboundedChannelOptions { SingleReader = true });

    public void Publish(IReadOnlyList<BoardEvent> events)
    {
        if (events.Count > 0)
            _queue.Writer.TryWrite(events);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await bus.PublishAsync(batch, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<KanbanDbContext>()
                    .MarkPublishedAsync(batch.Select(e => e.Id).ToList(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Best effort by design: the relay publishes whatever is not marked.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Publishing {Count} board events failed; the relay will retry them.", batch.Count);
            }
        }
    }
}
