using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Watching;

/// <summary>watchCard and unwatchCard: anyone who can read a card, viewers included; both are idempotent.</summary>
public static class WatchMutations
{
    public static void AddWatchMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CardPayloadType>>("watchCard")
            .OnBoard(BoardRole.Viewer, Locate.CardInput())
            .Description("The viewer watches the card: they hear what becomes of it. Watching twice changes nothing.")
            .Argument<NonNullGraphType<WatchCardInputType>>("input")
            .ResolveAsync(async ctx => await WatchAsync(ctx, watch: true));

        mutation.Field<NonNullGraphType<CardPayloadType>>("unwatchCard")
            .OnBoard(BoardRole.Viewer, Locate.CardInput())
            .Description("The viewer stops watching the card, until they take part in it again (report, evidence, vote, insight).")
            .Argument<NonNullGraphType<WatchCardInputType>>("input")
            .ResolveAsync(async ctx => await WatchAsync(ctx, watch: false));
    }

    private static async Task<CardPayload> WatchAsync(IResolveFieldContext ctx, bool watch)
    {
        var raw = ctx.Input<WatchCardInput>().CardId;
        var writes = ctx.Writes();
        var viewer = ctx.ViewerId();
        var boardId = await writes.BoardOfCardAsync(raw, ctx.CancellationToken);
        // Under the board's lock, as every write that can race the watches kept on save.
        return await writes.RunAsync(boardId, async () =>
        {
            var card = await writes.LoadCardAsync(Ids.Parse(raw, "Card"), ctx.CancellationToken);
            if (watch)
                await CardWatches.WatchAsync(writes.Db, [(card.BoardId, card.Id, viewer)], writes.Now, ctx.CancellationToken);
            else
                await writes.Db.CardWatches.Where(w => w.CardId == card.Id && w.UserId == viewer).ExecuteDeleteAsync(ctx.CancellationToken);
            return new CardPayload(card);
        }, ctx.CancellationToken);
    }
}

public sealed record WatchCardInput(string CardId);

public sealed class WatchCardInputType : InputObjectGraphType
{
    public WatchCardInputType()
    {
        Name = "WatchCardInput";
        Description = "The card to watch or stop watching.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
    }
}
