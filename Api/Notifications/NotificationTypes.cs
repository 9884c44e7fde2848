using System.Globalization;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Notifications;

namespace KanbanCustomer.Api.Notifications;

public sealed class NotificationType : ObjectGraphType<Notification>
{
    /// <summary>The inbox order: newest first (ids grow with every notification written).</summary>
    public static readonly Ordering<Notification> NewestFirst = new([new(SortKey<Notification>.Of("id", n => n.Id), true)]);

    public NotificationType()
    {
        Name = "Notification";
        Description = "A board event told to someone who watches its card: never their own action, one per person per event.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The notification's id (markNotificationsRead takes it).").Resolve(ctx => GlobalId(ctx.Source.Id));
        Field(x => x.Kind, typeof(NonNullGraphType<NotificationKindType>)).Description("What happened.");
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId));
        Field<IdGraphType>("cardId").Description("The card.").Resolve(ctx => Ids.Global("Card", ctx.Source.CardId));
        Field(x => x.CardTitle).Description("The card's title when the event was told.");
        Field<NonNullGraphType<IntGraphType>>("eventSeq").Description("The board event's sequence number (boardEvents(afterSeq:) reads it and what came after).")
            .Resolve(ctx => (int)ctx.Source.EventSeq);
        Field(x => x.ActorId).Description("User id of whoever acted (system for the server's own jobs).");
        Field(x => x.ActorName).Description("Their display name.");
        Field(x => x.CreatedAt).Description("When it was told.");
        Field(x => x.ReadAt, nullable: true).Description("When its reader marked it read; null while unread.");
    }

    public static string GlobalId(long id) => Ids.Global("Notification", id.ToString(CultureInfo.InvariantCulture));
}

public sealed class NotificationKindType : EnumerationGraphType<NotificationKind>
{
    public NotificationKindType()
    {
        Name = "NotificationKind";
        Description = "What a notification tells.";
    }
}

public sealed class NotificationConnectionType() : ConnectionType<NotificationType, NotificationEdgeType, Notification>("Notification", "notifications");

public sealed class NotificationEdgeType() : EdgeType<NotificationType, Notification>("Notification");
