using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Webhooks;

namespace KanbanCustomer.Tests.Domain;

/// <summary>Which board event types a webhook may ask for, and how it is refused otherwise.</summary>
public sealed class WebhookEventTypeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Known_types_are_kept_once_in_order_and_the_star_wants_every_type()
    {
        var some = new Webhook(Guid.NewGuid(), "https://hooks.example.com/a", "0123456789abcdef", true, "u", Now, ["CardMoved", "CardCreated", "CardMoved"]);
        var all = new Webhook(Guid.NewGuid(), "https://hooks.example.com/b", "0123456789abcdef", true, "u", Now, [Webhook.AllEvents]);

        Assert.Equal(["CardCreated", "CardMoved"], some.EventTypes);
        Assert.Equal((true, false), (some.Wants("CardMoved"), some.Wants("VoteCast")));
        Assert.All(BoardChanges.TypeNames, type => Assert.True(all.Wants(type)));
    }

    [Fact]
    public void An_unknown_type_is_refused_and_named_back_no_longer_than_a_real_name_can_be()
    {
        var flood = new string('x', 50_000);

        var refused = Assert.Throws<DomainException>(() =>
            new Webhook(Guid.NewGuid(), "https://hooks.example.com/a", "0123456789abcdef", true, "u", Now, ["CardMoved", flood]));

        Assert.Equal((ErrorCodes.UnknownEventType, "eventTypes"), (refused.Code, refused.Field));
        Assert.Contains(new string('x', KanbanCustomer.Domain.Boards.BoardEvent.TypeMaxLength) + "...'", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.Message.Length < 2_000, refused.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
