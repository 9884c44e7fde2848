using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Cards;

/// <summary><c>mergeCards</c>: a duplicate report goes into the card that stays.</summary>
public static class CardMergeMutation
{
    public static void AddCardMergeMutation(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<MergeCardsPayloadType>>("mergeCards")
            .OnBoard(BoardRole.Member, Locate.CardInput("sourceCardId"))
            .Description("Merges a duplicate (source) into the card that stays (target), on one board: evidence, experiments and tags move, "
                + "the target's votes become the distinct voters of both, and the source is archived with mergedInto set. "
                + "Repeating a merge changes nothing.")
            .Argument<NonNullGraphType<MergeCardsInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<MergeCardsInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfCardAsync(input.SourceCardId, ctx.CancellationToken);
                var sourceId = Ids.Parse(input.SourceCardId, "Card");
                var targetId = Ids.Parse(input.TargetCardId, "Card");
                return await writes.RunAsync(boardId, async () =>
                {
                    await EnsureVisibleAsync(ctx, targetId, input.TargetCardId, boardId);
                    var source = await writes.LoadCardAsync(sourceId, ctx.CancellationToken, withExperiments: true);
                    var target = source.Id == targetId ? source : await writes.LoadCardAsync(targetId, ctx.CancellationToken, withExperiments: true);
                    source.MergeInto(target, writes.Now);
                    return new MergeCardsPayload(source, target);
                }, ctx.CancellationToken);
            });

    /// <summary>
    /// A target on another board is the domain's to refuse (VALIDATION), but only to someone who may see that board: to
    /// anyone else it does not exist.
    /// </summary>
    private static async Task EnsureVisibleAsync(IResolveFieldContext ctx, Guid targetId, string rawTargetId, Guid boardId)
    {
        var db = ctx.Writes().Db;
        var boards = await db.Cards.Where(c => c.Id == targetId).Select(c => c.BoardId).Take(1).ToListAsync(ctx.CancellationToken);
        if (boards.Count == 0 || (boards[0] != boardId && await BoardAccess.RoleAsync(db, boards[0], ctx.ViewerId(), ctx.CancellationToken) is null))
            throw Ids.NotFound("Card", rawTargetId);
    }
}

public sealed record MergeCardsInput(string SourceCardId, string TargetCardId);

public sealed class MergeCardsInputType : InputObjectGraphType
{
    public MergeCardsInputType()
    {
        Name = "MergeCardsInput";
        Description = "A duplicate card and the card of the same board it goes into.";
        Field<NonNullGraphType<IdGraphType>>("sourceCardId").Description("The duplicate: archived by the merge, and readable after it.");
        Field<NonNullGraphType<IdGraphType>>("targetCardId").Description("The card that stays and receives the duplicate's evidence, experiments, tags and voters.");
    }
}

public sealed record MergeCardsPayload(Card Source, Card Target);

public sealed class MergeCardsPayloadType : ObjectGraphType<MergeCardsPayload>
{
    public MergeCardsPayloadType()
    {
        Name = "MergeCardsPayload";
        Description = "Both cards after a merge.";
        Field(x => x.Source, typeof(NonNullGraphType<CardType>)).Description("The merged duplicate: archived, with mergedInto set.");
        Field(x => x.Target, typeof(NonNullGraphType<CardType>)).Description("The card that stays, with what it received.");
    }
}
