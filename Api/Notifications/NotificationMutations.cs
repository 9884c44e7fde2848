using System.Globalization;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Notifications;

public static class NotificationMutations
{
    public const int MaxIds = 100;

    public static void AddNotificationMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<MarkNotificationsReadPayloadType>>("markNotificationsRead")
            .SignedIn()
            .Description($"Marks the viewer's notifications read: the ones named (ids, at most {MaxIds}), or every one up to and including upTo. "
                + "VALIDATION unless exactly one of them is given; NOT_FOUND (and nothing marked) when an id is not one of the viewer's notifications.")
            .Argument<NonNullGraphType<MarkNotificationsReadInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<MarkNotificationsReadInput>();
                if ((input.Ids is null) == (input.UpTo is null))
                    throw DomainException.Invalid("ids", "Give either ids or upTo.");
                if (input.Ids is { Count: > MaxIds })
                    throw DomainException.Invalid("ids", $"At most {MaxIds} ids at once; use upTo for more.");
                var viewer = ctx.ViewerId();
                var now = ctx.RequestService<TimeProvider>().GetUtcNow();
                var db = ctx.Db();
                int marked;
                if (input.Ids is { } raws)
                {
                    var ids = raws.Select(raw => NotificationSubscription.KeyOf(raw)).Distinct().ToList();
                    var own = await db.Notifications.Where(n => ids.Contains(n.Id) && n.UserId == viewer).Select(n => n.Id).ToListAsync(ctx.CancellationToken);
                    if (own.Count != ids.Count)
                    {
                        var missing = ids.Except(own).First();
                        throw Ids.NotFound("Notification", raws.First(raw => NotificationSubscription.KeyOf(raw) == missing));
                    }

                    marked = await db.Notifications.Where(n => ids.Contains(n.Id) && n.UserId == viewer && n.ReadAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ctx.CancellationToken);
                }
                else
                {
                    var upTo = NotificationSubscription.KeyOf(input.UpTo!);
                    marked = await db.Notifications.Where(n => n.UserId == viewer && n.Id <= upTo && n.ReadAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ctx.CancellationToken);
                }

                return new MarkNotificationsReadPayload(marked, ctx.Viewer());
            });
}

public sealed record MarkNotificationsReadInput(IReadOnlyList<string>? Ids, string? UpTo);

public sealed class MarkNotificationsReadInputType : InputObjectGraphType
{
    public MarkNotificationsReadInputType()
    {
        Name = "MarkNotificationsReadInput";
        Description = "Which of the viewer's notifications to mark read: ids, or every one up to upTo.";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("ids").Description($"These notifications (at most {NotificationMutations.MaxIds}).");
        Field<IdGraphType>("upTo").Description("This notification and every older one.");
    }
}

public sealed record MarkNotificationsReadPayload(int Marked, Person Viewer);

public sealed class MarkNotificationsReadPayloadType : ObjectGraphType<MarkNotificationsReadPayload>
{
    public MarkNotificationsReadPayloadType()
    {
        Name = "MarkNotificationsReadPayload";
        Description = "How many notifications were unread and are read now.";
        Field(x => x.Marked).Description("Notifications that were unread and are read now.");
        Field(x => x.Viewer, typeof(NonNullGraphType<PersonType>)).Description("The viewer, for the new unreadNotificationCount.");
    }
}
