using Hangfire;
using KanbanCustomer.Infrastructure.Persistence;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>Queues a delivery as a Hangfire job; queuing one id twice is harmless (the job claims before it sends).</summary>
public sealed class HangfireWebhookDispatcher(IBackgroundJobClient jobs) : IWebhookDispatcher
{
    public void Dispatch(Guid deliveryId) =>
        jobs.Enqueue<WebhookDeliveryJob>(job => job.DeliverAsync(deliveryId, CancellationToken.None));
}

/// <summary>Hands the event deliveries a unit of work committed to the dispatcher (Persistence's <see cref="ICommittedDeliveries"/>).</summary>
public sealed class CommittedDeliveries(IWebhookDispatcher dispatcher) : ICommittedDeliveries
{
    public void Dispatch(IReadOnlyList<Guid> deliveryIds)
    {
        foreach (var id in deliveryIds)
            dispatcher.Dispatch(id);
    }
}
