using System.Diagnostics;

namespace KanbanCustomer.Infrastructure.Telemetry;

/// <summary>
/// The names of this service's own spans, metrics and tags (docs/observability.md lists them with their units), and
/// the one <see cref="ActivitySource"/> that starts its spans. The instruments themselves are <see cref="KanbanMetrics"/>.
/// </summary>
public static class KanbanTelemetry
{
    /// <summary>The name of both the activity source and the meter.</summary>
    public const string Name = "KanbanCustomer";

    public static readonly ActivitySource Source = new(Name, typeof(KanbanTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Span names for what runs outside a request.</summary>
    public static class Spans
    {
        /// <summary>A GraphQL operation whose type is not known (the document did not parse, or no operation was chosen).</summary>
        public const string GraphQLOperation = "GraphQL Operation";
        public const string StaleScan = "stale scan";
        public const string PublishEvents = "publish board events";
        public const string WebhookDelivery = "webhook delivery";
    }

    /// <summary>Metric names (units in <see cref="KanbanMetrics"/>).</summary>
    public static class Metrics
    {
        public const string RequestDuration = "kanban.graphql.request.duration";
        public const string Errors = "kanban.graphql.errors";
        public const string LiveSubscriptions = "kanban.graphql.subscriptions.active";
        public const string OutboxLag = "kanban.events.outbox.lag";
        public const string StaleScanDuration = "kanban.stale_scan.duration";
        public const string WebhookDeliveries = "kanban.webhook.deliveries";
    }

    /// <summary>Tag (attribute) names; the GraphQL ones follow OpenTelemetry's semantic conventions.</summary>
    public static class Tags
    {
        public const string OperationType = "graphql.operation.type";
        public const string OperationName = "graphql.operation.name";
        public const string DocumentId = "graphql.document.id";
        public const string Code = "code";
        public const string ErrorType = "error.type";
        public const string Outcome = "outcome";
    }
}
