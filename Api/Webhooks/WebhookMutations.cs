using GraphQL;
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
            .Description("Adds a webhook that receives the board's stale-card digests (admins only). The secret is never returned.")
            .Argument<NonNullGraphType<AddWebhookInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                return await writes.ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                {
                    var webhook = new Webhook(board.Id, input.Get<string>("url") ?? "", input.Get<string>("secret") ?? "",
                        input.Get("enabled", true), ctx.ViewerId(), writes.Now);
                    WebhookTargets.CheckUrl(webhook.Url, ctx.RequestService<WebhookOptions>().AllowPrivateNetworks);
                    writes.Db.Webhooks.Add(webhook);
                    return new WebhookPayload(board, webhook);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<WebhookPayloadType>>("updateWebhook")
            .OnBoard(BoardRole.Admin, Locate.WebhookInput())
            .Description("Changes a webhook's URL, secret or enabled flag (admins only); omitted fields keep their value.")
            .Argument<NonNullGraphType<UpdateWebhookInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var raw = input.Id("webhookId");
                var boardId = await writes.BoardOfWebhookAsync(raw, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var webhook = await LoadAsync(writes, board.Id, raw, ctx.CancellationToken);
                    var url = input.Get<string>("url");
                    webhook.Change(url, input.Get<string>("secret"), input.Get<bool?>("enabled"));
                    if (url is not null)
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
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var raw = input.Id("webhookId");
                var boardId = await writes.BoardOfWebhookAsync(raw, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var webhook = await LoadAsync(writes, board.Id, raw, ctx.CancellationToken);
                    webhook.Remove();
                    writes.Db.Webhooks.Remove(webhook);
                    return new WebhookPayload(board, null, webhook.Id);
                }, ctx.CancellationToken);
            });
    }

    private static async Task<Webhook> LoadAsync(BoardWrites writes, Guid boardId, string raw, CancellationToken cancellationToken)
    {
        var id = Ids.Parse(raw, "Webhook");
        return await writes.Db.Webhooks.SingleOrDefaultAsync(w => w.Id == id && w.BoardId == boardId, cancellationToken)
            ?? throw DomainException.NotFound("Webhook", raw);
    }
}
