using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Domain.Insights;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Insights;

/// <summary>The intake: anyone on the board submits, members triage each insight once.</summary>
public static class InsightMutations
{
    public static void AddInsightMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<InsightPayloadType>>("submitInsight")
            .OnBoard(BoardRole.Viewer, Locate.BoardInput())
            .Description("Puts a raw observation in the board's inbox; viewers may submit too.")
            .Argument<NonNullGraphType<SubmitInsightInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<SubmitInsightInput>();
                var writes = ctx.Writes();
                var boardId = Ids.Parse(input.BoardId, "Board");
                var customerId = Ids.ParseOptional(input.CustomerId, "Customer");
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var customer = customerId is { } id
                        ? await writes.Db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.BoardId == board.Id, ctx.CancellationToken)
                            ?? throw Ids.NotFound("Customer", input.CustomerId!)
                        : null;
                    var insight = Insight.Submit(board, input.Text, customer, input.Proximity, input.Origin, ctx.ViewerId(), writes.Now);
                    writes.Db.Insights.Add(insight);
                    return new InsightPayload(insight, null);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<InsightPayloadType>>("attachInsight")
            .OnBoard(BoardRole.Member, Locate.InsightInput())
            .Description("Attaches a new insight to a card of its board as evidence that keeps the submitter as its author and the submission time.")
            .Argument<NonNullGraphType<AttachInsightInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<AttachInsightInput>();
                var cardId = Ids.Parse(input.CardId, "Card");
                return await TriageAsync(ctx, input.InsightId, async (writes, insight) =>
                {
                    var card = await writes.LoadCardAsync(cardId, ctx.CancellationToken);
                    if (card.BoardId != insight.BoardId)
                        throw Ids.NotFound("Card", input.CardId);
                    insight.AttachTo(card, await OwnCustomerAsync(writes.Db, insight, ctx.CancellationToken), ctx.ViewerId(), writes.Now);
                    return card;
                });
            });

        mutation.Field<NonNullGraphType<InsightPayloadType>>("promoteInsight")
            .OnBoard(BoardRole.Member, Locate.InsightInput())
            .Description("Turns a new insight into a card on its board, as createCard makes one, with the insight as the card's first evidence.")
            .Argument<NonNullGraphType<PromoteInsightInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<PromoteInsightInput>();
                return await TriageAsync(ctx, input.InsightId, async (writes, insight) =>
                {
                    // ALREADY_TRIAGED before anything the new card could refuse (a full column, say).
                    insight.EnsureNew();
                    var board = await writes.LoadBoardAsync(insight.BoardId, ctx.CancellationToken);
                    var card = await NewCards.ReportAsync(writes, board, input, ctx.ViewerId(), ctx.CancellationToken);
                    insight.PromoteTo(card, await OwnCustomerAsync(writes.Db, insight, ctx.CancellationToken), ctx.ViewerId(), writes.Now);
                    return card;
                });
            });

        mutation.Field<NonNullGraphType<InsightPayloadType>>("dismissInsight")
            .OnBoard(BoardRole.Member, Locate.InsightInput())
            .Description("Sets a new insight aside with a reason its submitter can read.")
            .Argument<NonNullGraphType<DismissInsightInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<DismissInsightInput>();
                return await TriageAsync(ctx, input.InsightId, (writes, insight) =>
                {
                    insight.Dismiss(input.Reason, ctx.ViewerId(), writes.Now);
                    return Task.FromResult<Card?>(null);
                });
            });
    }

    /// <summary>
    /// One triage: the insight's board locked, the insight loaded, one change, saved. Should another triage of the insight
    /// be saved first after all, its Status concurrency token fails this save, and the whole write rolls back.
    /// </summary>
    private static async Task<InsightPayload> TriageAsync(IResolveFieldContext ctx, string rawInsightId, Func<BoardWrites, Insight, Task<Card?>> triage)
    {
        var writes = ctx.Writes();
        var boardId = await writes.BoardOfInsightAsync(rawInsightId, ctx.CancellationToken);
        var insightId = Ids.Parse(rawInsightId, "Insight");
        try
        {
            return await writes.RunAsync(boardId, async () =>
            {
                var insight = await writes.Db.Insights.SingleOrDefaultAsync(i => i.Id == insightId, ctx.CancellationToken)
                    ?? throw Ids.NotFound("Insight", rawInsightId);
                return new InsightPayload(insight, await triage(writes, insight));
            }, ctx.CancellationToken);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(entry => entry.Entity is Insight))
        {
            throw new DomainException(ErrorCodes.AlreadyTriaged, "The insight was triaged by someone else at the same moment.", "insightId");
        }
    }

    /// <summary>The insight's own customer, which the evidence it becomes names.</summary>
    private static async Task<Customer?> OwnCustomerAsync(KanbanDbContext db, Insight insight, CancellationToken cancellationToken) =>
        insight.CustomerId is { } id ? await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken) : null;
}
