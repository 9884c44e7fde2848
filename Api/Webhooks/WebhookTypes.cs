using GraphQL.Types;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Events;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Webhooks;

namespace KanbanCustomer.Api.Webhooks;

public sealed class WebhookType : ObjectGraphType<Webhook>
{
    public const int SecretHintLength = 4;

    public WebhookType()
    {
        Name = "Webhook";
        Description = "An HTTP endpoint that receives the board's stale-card digests, signed with a secret that is never shown again.";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>>("id").Description("The webhook's id.").Resolve(ctx => Ids.Global("Webhook", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board it belongs to.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId));
        Field(x => x.Url).Description("Where deliveries are POSTed.");
        Field(x => x.Enabled).Description("Whether deliveries are sent; a disabled webhook's pending deliveries wait, and no new events are queued for it.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventTypes").Description("Board event types delivered one by one (\"*\": all); empty: digests only.")
            .Resolve(ctx => ctx.Source.EventTypes);
        Field(x => x.DisabledReason, nullable: true).Description("Why the server disabled it (a delivery failed for good); null otherwise. Enabling it clears this.");
        Field<NonNullGraphType<StringGraphType>>("secretHint")
            .Description($"The secret's last {SecretHintLength} characters, to tell secrets apart; the secret itself is never returned.")
            .Resolve(ctx => ctx.Source.Secret[^SecretHintLength..]);
        Field(x => x.CreatedAt).Description("When the webhook was added.");
        Field(x => x.CreatedBy).Description("User id of the admin who added it.");
    }
}

public sealed class DeliveryStatusType : EnumerationGraphType<DeliveryStatus>
{
    public DeliveryStatusType()
    {
        Name = "DeliveryStatus";
        Description = "Where a webhook delivery stands.";
    }
}

public sealed class WebhookDeliveryType : ObjectGraphType<WebhookDelivery>
{
    public WebhookDeliveryType()
    {
        Name = "WebhookDelivery";
        Description = "One digest for one webhook, and how its delivery went.";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>>("id").Description("The delivery's id. The X-Kanban-Delivery header carries its raw key (receivers use it to drop repeats).").Resolve(ctx => Ids.Global("WebhookDelivery", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("webhookId").Description("The webhook it goes to.").Resolve(ctx => Ids.Global("Webhook", ctx.Source.WebhookId));
        Field(x => x.Status, typeof(NonNullGraphType<DeliveryStatusType>)).Description("PENDING until a 2xx answer (DELIVERED) or the last failed attempt (FAILED).");
        Field(x => x.Attempts).Description("Attempts made so far.");
        Field(x => x.LastStatusCode).Description("The HTTP status of the last attempt; null when there was no answer.");
        Field(x => x.LastError).Description("What went wrong on the last attempt; null after a success.");
        Field(x => x.CreatedAt).Description("When the digest was made.");
        Field(x => x.DeliveredAt).Description("When a 2xx answer came.");
        Field(x => x.NextAttemptAt)
            .Description("When the next attempt is due (while an attempt runs: until when it is claimed); null once DELIVERED or FAILED.");
        Field(x => x.Payload).Description("The JSON body, exactly as sent and signed.");
        Field(x => x.EventType, nullable: true).Description("The board event type it carries (also the X-Kanban-Event header); null for a stale-card digest.");
        Field<IntGraphType>("eventSeq").Description("The board event's sequence number (as boardEvents numbers it); null for a digest.").Resolve(ctx => (int?)ctx.Source.EventSeq);
    }
}

public sealed record WebhookPayload(Board Board, Webhook? Webhook, Guid? RemovedWebhookId = null);

public sealed class WebhookPayloadType : ObjectGraphType<WebhookPayload>
{
    public WebhookPayloadType()
    {
        Name = "WebhookPayload";
        Description = "A webhook change: the webhook (null when removed) and its board.";
        Field(x => x.Webhook, typeof(WebhookType)).Description("The added or changed webhook; null after removeWebhook.");
        Field<IdGraphType>("removedWebhookId").Description("The id of the removed webhook, after removeWebhook.").Resolve(ctx => Ids.Global("Webhook", ctx.Source.RemovedWebhookId));
        Field(x => x.Board, typeof(NonNullGraphType<BoardType>)).Description("The board after the change.");
    }
}

/// <summary>Webhook changes in the board's log; they name the webhook, never its URL or secret.</summary>
public sealed class WebhookChangedEventType : BoardEventObjectType
{
    public WebhookChangedEventType() : base("WebhookChangedEvent", "A webhook was added, changed or removed (by id only: its URL and secret stay with the admins).",
        "WebhookAdded", "WebhookUpdated", "WebhookRemoved")
    {
        Field<NonNullGraphType<IdGraphType>>("webhookId").Description("The webhook.").Resolve(ctx => ctx.Source.Id("webhookId", "Webhook"));
        Field<BooleanGraphType>("enabled").Description("Whether it is enabled after the change; null when removed.")
            .Resolve(ctx => ctx.Source.Get("enabled")?.GetBoolean());
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("fields").Description("For updates: which of url, secret, eventTypes and enabled changed.")
            .Resolve(ctx => ctx.Source.Type == "WebhookUpdated" ? ctx.Source.Strings("fields") : null);
    }
}

public sealed class WebhookConnectionType() : ConnectionType<WebhookType, WebhookEdgeType, Webhook>("Webhook", "webhooks");

public sealed class WebhookEdgeType() : EdgeType<WebhookType, Webhook>("Webhook");

public sealed class WebhookDeliveryConnectionType() : ConnectionType<WebhookDeliveryType, WebhookDeliveryEdgeType, WebhookDelivery>("WebhookDelivery", "deliveries");

public sealed class WebhookDeliveryEdgeType() : EdgeType<WebhookDeliveryType, WebhookDelivery>("WebhookDelivery");
