using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Notifications;

/// <summary>
/// <c>viewer.notifications</c> and <c>viewer.unreadNotificationCount</c>: a person's inbox, for that person only
/// (null on anyone else, such as a board member listed elsewhere).
/// </summary>
public sealed class NotificationFields : IObjectFields<Person>
{
    public void AddTo(ObjectGraphType<Person> type)
    {
        type.Field<NotificationConnectionType>("notifications")
            .Description("The viewer's notifications, newest first; null on anyone but the viewer. Kept for Notifications:KeepFor (90 days by default).")
            .Argument<BooleanGraphType>("unreadOnly", "true: only those not marked read.")
            .PageArguments("notifications")
            .Resolve(ctx => ctx.Source.UserId != ctx.ViewerId()
                ? null
                : ctx.Connections().Load(ctx, ctx.Source.UserId,
                    () => new ConnectionSpec<Notification, string>(Rows(ctx), n => n.UserId, NotificationType.NewestFirst), n => n));

        type.Field<IntGraphType>("unreadNotificationCount")
            .Description("How many of the viewer's notifications are unread; null on anyone but the viewer.")
            .ResolveAsync(async ctx => ctx.Source.UserId != ctx.ViewerId()
                ? null
                : (object)await ctx.Db().Notifications.CountAsync(n => n.UserId == ctx.Source.UserId && n.ReadAt == null, ctx.CancellationToken));
    }

    private static IQueryable<Notification> Rows(IResolveFieldContext context)
    {
        var rows = context.Db().Notifications.AsNoTracking();
        return context.GetArgument<bool?>("unreadOnly") == true ? rows.Where(n => n.ReadAt == null) : rows;
    }
}
