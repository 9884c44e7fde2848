using System.Diagnostics;
using System.Threading.Channels;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Infrastructure.Events;

/// <summary>
/// Publishes committed events off the request path, one batch at a time in commit order, and marks them
/// published. A write never waits for the bus; what fails here the relay publishes later. Each batch is published in a
/// span whose parent is the write's own, so a trace shows the bus's commands under the operation that caused them.
/// </summary>
public sealed class BoardEventPublisher(IBoardEventBus bus, IServiceScopeFactory scopes, ILogger<BoardEventPublisher> logger)
    : BackgroundService, ICommittedEvents
{
    private readonly Channel<(IReadOnlyList<BoardEvent> Events, ActivityContext Parent)> _queue =
        Channel.CreateUnbounded<(IReadOnlyList<BoardEvent>, ActivityContext)>(new UnboundedChannelOptions { SingleReader = true });

    public void Publish(IReadOnlyList<BoardEvent> events)
    {
        if (events.Count > 0)
            _queue.Writer.TryWrite((events, Activity.Current?.Context ?? default));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (batch, parent) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            using var span = KanbanTelemetry.Source.StartActivity(KanbanTelemetry.Spans.PublishEvents, ActivityKind.Producer, parent);
            span?.SetTag("kanban.events.count", batch.Count);
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
