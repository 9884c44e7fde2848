using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Webhooks;

/// <summary>
/// <c>Board.webhooks</c> and <c>Board.webhookDeliveries</c>: for the board's admins only. Anyone else who can see
/// the board gets a FORBIDDEN error on the field and null for it, and the rest of the board as usual.
/// </summary>
public sealed class WebhookFields : IObjectFields<Board>
{
    private static readonly Ordering<Webhook> OldestFirst = new([
        new(SortKey<Webhook>.Of("createdAt", w => w.CreatedAt), false), new(SortKey<Webhook>.Of("id", w => w.Id), false)]);

    private static readonly Ordering<WebhookDelivery> NewestFirst = new([
        new(SortKey<WebhookDelivery>.Of("createdAt", d => d.CreatedAt), true), new(SortKey<WebhookDelivery>.Of("id", d => d.Id), true)]);

    public void AddTo(ObjectGraphType<Board> type)
    {
        type.Field<WebhookConnectionType>("webhooks")
            .Description("The board's webhooks, oldest first. Admins only: anyone else gets FORBIDDEN and null.")
            .PageArguments("webhooks")
            .Resolve(ctx => AdminOnly(ctx, ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<Webhook, Guid>(ctx.Db().Webhooks.AsNoTracking(), w => w.BoardId, OldestFirst), w => w)));

        type.Field<WebhookDeliveryConnectionType>("webhookDeliveries")
            .Description("The webhook delivery log, newest first. Admins only: anyone else gets FORBIDDEN and null.")
            .PageArguments("deliveries")
            .Resolve(ctx => AdminOnly(ctx, ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<WebhookDelivery, Guid>(ctx.Db().WebhookDeliveries.AsNoTracking(), d => d.BoardId, NewestFirst), d => d)));
    }

    /// <summary>Both loads join the level's batches; the data is handed out only after the viewer's role is checked.</summary>
    private static AdminOnlyResult<T> AdminOnly<T>(IResolveFieldContext<Board> context, IDataLoaderResult<T> data) =>
        new(context.MemberLoaders().ViewerRoleByBoard.Load(context.Source.Id), context.Source.Id, data);

    private sealed class AdminOnlyResult<T>(IDataLoaderResult<BoardRole?> viewerRole, Guid boardId, IDataLoaderResult<T> data)
        : IDataLoaderResult<T>
    {
        public async Task<T> GetResultAsync(CancellationToken cancellationToken = default)
        {
            BoardRoles.Check(await viewerRole.GetResultAsync(cancellationToken), BoardRole.Admin, "Board", boardId);
            return await data.GetResultAsync(cancellationToken);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
