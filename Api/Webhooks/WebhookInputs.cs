using GraphQL.Types;

namespace KanbanCustomer.Api.Webhooks;

public sealed record AddWebhookInput(string BoardId, string Url, string Secret, bool? Enabled, IReadOnlyList<string>? EventTypes);

public sealed class AddWebhookInputType : InputObjectGraphType
{
    public AddWebhookInputType()
    {
        Name = "AddWebhookInput";
        Description = "A new webhook for a board's stale-card digests and, if it asks for them, its events one by one.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("url").Description("Absolute http(s) URL, without credentials; not into private networks unless the server allows it.");
        Field<NonNullGraphType<StringGraphType>>("secret").Description("16-200 printable characters; signs every delivery and is never shown again.");
        Field<BooleanGraphType>("enabled").Description("Whether deliveries are sent (default true).").DefaultValue(true);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("eventTypes")
            .Description("Board event types (as boardEvents names them, e.g. CardMoved) each delivered as its own request, or \"*\" for all; default none. UNKNOWN_EVENT_TYPE for a name that is not one.");
    }
}

public sealed record UpdateWebhookInput(string WebhookId, string? Url, string? Secret, bool? Enabled, IReadOnlyList<string>? EventTypes);

public sealed class UpdateWebhookInputType : InputObjectGraphType
{
    public UpdateWebhookInputType()
    {
        Name = "UpdateWebhookInput";
        Description = "Changes to a webhook; omitted (or null) fields keep their value.";
        Field<NonNullGraphType<IdGraphType>>("webhookId").Description("The webhook.");
        Field<StringGraphType>("url").Description("New URL.");
        Field<StringGraphType>("secret").Description("New secret (16-200 printable characters).");
        Field<BooleanGraphType>("enabled").Description("Enable or disable deliveries; enabling clears disabledReason.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("eventTypes").Description("The event types it receives from now on (\"*\": all; empty: digests only).");
    }
}

public sealed record RemoveWebhookInput(string WebhookId);

public sealed class RemoveWebhookInputType : InputObjectGraphType
{
    public RemoveWebhookInputType()
    {
        Name = "RemoveWebhookInput";
        Description = "A webhook to remove, with its delivery log.";
        Field<NonNullGraphType<IdGraphType>>("webhookId").Description("The webhook.");
    }
}

public sealed record RedeliverWebhookDeliveryInput(string DeliveryId);

public sealed class RedeliverWebhookDeliveryInputType : InputObjectGraphType
{
    public RedeliverWebhookDeliveryInputType()
    {
        Name = "RedeliverWebhookDeliveryInput";
        Description = "A delivered or failed delivery to send again.";
        Field<NonNullGraphType<IdGraphType>>("deliveryId").Description("The delivery.");
    }
}
