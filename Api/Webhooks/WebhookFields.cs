using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using KanbanCustomer.Api.GraphQL;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Webhooks;

/// <summary>
/// <c>Board.webhooks</c> and <c>Board.webhookDeliveries</c>: for the board's admins only. Anyone else who can see
/// the board gets a FORBIDDEN error on the field and null for it, and the rest of the board as usual.
/// </summary>
public static class WebhookFields
{
    public static void AddWebhookFields(this ObjectGraphType<Board> board)
    {
        board.Field<ListGraphType<NonNullGraphType<WebhookType>>>("webhooks")
            .Description("The board's webhooks, oldest first. Admins only: anyone else gets FORBIDDEN and null.")
            .Resolve(ctx => AdminOnly(ctx, ctx.WebhookLoaders().WebhooksByBoard.Load(ctx.Source.Id)));

        board.Field<ListGraphType<NonNullGraphType<WebhookDeliveryType>>>("webhookDeliveries")
            .Description("The webhook delivery log, newest first. Admins only: anyone else gets FORBIDDEN and null.")
            .FirstArgument("deliveries")
            .Resolve(ctx => AdminOnly(ctx, ctx.WebhookLoaders().DeliveriesByBoard.Load(new DeliveryLogKey(ctx.Source.Id, ctx.First()))));
    }

    public static WebhookLoaders WebhookLoaders(this IResolveFieldContext context) => context.Service<WebhookLoaders>();

    public static WebhookOptions WebhookOptions(this IResolveFieldContext context) => context.Service<WebhookOptions>();

    private static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        (context.RequestServices ?? throw new InvalidOperationException("RequestServices is not set.")).GetRequiredService<T>();

    /// <summary>Both loads join the level's batches; the data is handed out only after the viewer's role is checked.</summary>
    private static AdminOnlyResult<T> AdminOnly<T>(IResolveFieldContext<Board> context, IDataLoaderResult<T> data) =>
        new(context.MemberLoaders().MembersByBoard.Load(context.Source.Id), context.ViewerId(), context.Source.Id, data);

    private sealed class AdminOnlyResult<T>(IDataLoaderResult<IReadOnlyList<BoardMember>> members, string viewerId, Guid boardId, IDataLoaderResult<T> data)
        : IDataLoaderResult<T>
    {
        public async Task<T> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var role = (await members.GetResultAsync(cancellationToken)).FirstOrDefault(m => m.UserId == viewerId)?.Role;
            BoardRoles.Check(role, BoardRole.Admin, "Board", boardId);
            return await data.GetResultAsync(cancellationToken);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
