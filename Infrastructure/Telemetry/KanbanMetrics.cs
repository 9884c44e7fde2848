using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static KanbanCustomer.Infrastructure.Telemetry.KanbanTelemetry;

namespace KanbanCustomer.Infrastructure.Telemetry;

/// <summary>
/// This service's instruments, on a meter from the host's <see cref="IMeterFactory"/> (so a test host sees its own
/// measurements only). Recording costs next to nothing while no exporter listens.
/// </summary>
public sealed class KanbanMetrics
{
    /// <summary>Seconds, from 5 ms to 30 s: the span of a GraphQL request or a job.</summary>
    private static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private long _outboxLagTicks = -1;

    public KanbanMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        RequestDuration = meter.CreateHistogram(Metrics.RequestDuration, "s", "How long GraphQL operations took to execute, by operation type and name.", advice: seconds);
        Errors = meter.CreateCounter<long>(Metrics.Errors, "{error}", "GraphQL errors returned, by extensions.code and operation.");
        LiveSubscriptions = meter.CreateUpDownCounter<long>(Metrics.LiveSubscriptions, "{subscription}", "Subscriptions streaming to a client right now (WebSocket and Server-Sent Events).");
        StaleScanDuration = meter.CreateHistogram(Metrics.StaleScanDuration, "s", "How long a stale scan took, by outcome.", advice: seconds);
        WebhookDeliveries = meter.CreateCounter<long>(Metrics.WebhookDeliveries, "{delivery}", "Runs of the webhook delivery job, by outcome.");
        meter.CreateObservableGauge(Metrics.OutboxLag, ObserveOutboxLag, "s",
            "Age of the oldest board event not yet published to the event bus, as the relay last measured it.");
    }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> Errors { get; }

    public UpDownCounter<long> LiveSubscriptions { get; }

    public Histogram<double> StaleScanDuration { get; }

    public Counter<long> WebhookDeliveries { get; }

    /// <summary>What the relay measured: the oldest unpublished event's age (zero when none waits), or null when it could not look.</summary>
    public void RecordOutboxLag(TimeSpan? lag) =>
        Interlocked.Exchange(ref _outboxLagTicks, lag is { } value ? Math.Max(0, value.Ticks) : -1);

    private IEnumerable<Measurement<double>> ObserveOutboxLag()
    {
        var ticks = Interlocked.Read(ref _outboxLagTicks);
        return ticks < 0 ? [] : [new Measurement<double>(TimeSpan.FromTicks(ticks).TotalSeconds)];
    }
}

public static class KanbanMetricsSetup
{
    /// <summary>The instruments (once, however many modules ask) and the host's meter factory they come from.</summary>
    public static IServiceCollection AddKanbanMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<KanbanMetrics>();
        return services;
    }
}
