using GraphQL.Types;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Webhooks;

public static class WebhookMutations
{
    public static void AddWebhookMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WebhookPayloadType>>("addWebhook")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Adds a webhook that receives the board's stale-card digests and the event types it asks for (admins only). The secret is never returned.")
            .Argument<NonNullGraphType<AddWebhookInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<AddWebhookInput>();
                var writes = ctx.Writes();
                return await writes.ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                {
                    var webhook = new Webhook(board.Id, input.Url, input.Secret, input.Enabled ?? true, ctx.ViewerId(), writes.Now, input.EventTypes);
                    WebhookTargets.CheckUrl(webhook.Url, ctx.RequestService<WebhookOptions>().AllowPrivateNetworks);
                    writes.Db.Webhooks.Add(webhook);
                    return new WebhookPayload(board, webhook);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookPayloadType>>("updateWebhook")
            .OnBoard(BoardRole.Admin, Locate.WebhookInput())
            .Description("Changes a webhook's URL, secret, enabled flag or event types (admins only); omitted fields keep their value.")
            .Argument<NonNullGraphType<UpdateWebhookInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<UpdateWebhookInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfWebhookAsync(input.WebhookId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var webhook = await LoadAsync(writes, board.Id, input.WebhookId, ctx.CancellationToken);
                    webhook.Change(input.Url, input.Secret, input.Enabled, input.EventTypes);
                    if (input.Url is not null)
                        WebhookTargets.CheckUrl(webhook.Url, ctx.RequestService<WebhookOptions>().AllowPrivateNetworks);
                    return new WebhookPayload(board, webhook);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookPayloadType>>("removeWebhook")
            .OnBoard(BoardRole.Admin, Locate.WebhookInput())
            .Description("Removes a webhook and its delivery log (admins only); deliveries still pending are not sent.")
            .Argument<NonNullGraphType<RemoveWebhookInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<RemoveWebhookInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfWebhookAsync(input.WebhookId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var webhook = await LoadAsync(writes, board.Id, input.WebhookId, ctx.CancellationToken);
                    webhook.Remove();
                    writes.Db.Webhooks.Remove(webhook);
                    return new WebhookPayload(board, null, webhook.Id);
                }, ctx.CancellationToken);
            });

        AddRedelivery(mutation);
    }

    /// <summary>
    /// Sends a delivered or failed delivery again (admins only): a fresh round of attempts with the same body and
    /// delivery id, so a receiver that kept it can tell. An event delivery goes out before the webhook's later pending ones.
    /// </summary>
    private static void AddRedelivery(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<WebhookDeliveryType>>("redeliverWebhookDelivery")
            .OnBoard(BoardRole.Admin, Locate.WebhookDeliveryInput())
            .Description("Sends a delivered or failed webhook delivery again, with the same body and delivery id (admins only). VALIDATION while it is still pending.")
            .Argument<NonNullGraphType<RedeliverWebhookDeliveryInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var raw = ctx.Input<RedeliverWebhookDeliveryInput>().DeliveryId;
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfWebhookDeliveryAsync(raw, ctx.CancellationToken);
                var id = Ids.Parse(raw, "WebhookDelivery");
                var delivery = await writes.RunAsync(boardId, async () =>
                {
                    var found = await writes.Db.WebhookDeliveries.SingleAsync(d => d.Id == id, ctx.CancellationToken);
                    found.Redeliver(writes.Now);
                    return found;
                }, ctx.CancellationToken);
                ctx.RequestService<IWebhookDispatcher>().Dispatch(delivery.Id);
                return delivery;
            });

    private static async Task<Webhook> LoadAsync(BoardWrites writes, Guid boardId, string raw, CancellationToken cancellationToken)
    {
        var id = Ids.Parse(raw, "Webhook");
        return await writes.Db.Webhooks.SingleOrDefaultAsync(w => w.Id == id && w.BoardId == boardId, cancellationToken)
            ?? throw DomainException.NotFound("Webhook", raw);
    }
}
