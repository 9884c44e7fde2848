using System.Globalization;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Notifications;

namespace KanbanCustomer.Api.Notifications;

public static class NotificationSubscription
{
    public static void AddNotificationSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<NotificationType>>("viewerNotifications")
            .SignedIn()
            .Description("The viewer's notifications as they are written, over WebSocket or Server-Sent Events. With afterId, the ones after it "
                + "come first (resume after a dropped connection); then new ones follow, each once. NOT_FOUND for an afterId that is not a notification id.")
            .Argument<IdGraphType>("afterId", "Send the notifications after this one first (omit for new ones only).")
            .ResolveStream(ctx =>
            {
                var raw = ctx.GetArgument<string?>("afterId");
                long? afterId = raw is null ? null : KeyOf(raw);
                var feed = ctx.RequestService<NotificationFeed>();
                var viewer = ctx.ViewerId();
                return new AsyncObservable<object?>(ct => Boxed(feed.ReadAsync(viewer, afterId, ct), ct));
            });

    private static async IAsyncEnumerable<object?> Boxed(IAsyncEnumerable<Domain.Notifications.Notification> source,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken))
            yield return item;
    }

    /// <summary>A notification's key from its global id; NOT_FOUND for anything else.</summary>
    public static long KeyOf(string raw) =>
        Ids.TryDecode(raw, out var type, out var key) && type == "Notification" && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw Ids.NotFound("Notification", raw);
}
