using KanbanCustomer.Api.Common.Access;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Cards;

public static class CardMutations
{
    public static void AddCardMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CardPayloadType>>("createCard")
            .OnBoard(BoardRole.Member, Locate.BoardInput())
            .Description("Reports a customer problem; it goes last in its cell unless afterCardId or beforeCardId says where.")
            .Argument<NonNullGraphType<CreateCardInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<CreateCardInput>();
                var writes = ctx.Writes();
                var boardId = Ids.Parse(input.BoardId, "Board");
                return await writes.ChangeBoardAsync(boardId,
                    async board => new CardPayload(await NewCards.ReportAsync(writes, board, input, ctx.ViewerId(), ctx.CancellationToken)), ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<CardPayloadType>>("updateCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Edits a card's description.")
            .Argument<NonNullGraphType<UpdateCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<UpdateCardInput>(ctx, (card, input, now) => card.Edit(new CardDetails(
                input.NewTitle.Or(card.Title) ?? "",
                input.NewProblemStatement.Or(card.ProblemStatement),
                input.CustomerKind ?? card.CustomerKind,
                input.Impact ?? card.Impact,
                input.Reach ?? card.Reach,
                input.NewTags.Or(card.Tags) ?? [],
                input.NewAssignees.Or(card.Assignees) ?? []), now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("moveCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Moves a card to a column, swimlane and place; refused with WIP_LIMIT_REACHED when the column is full.")
            .Argument<NonNullGraphType<MoveCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<MoveCardInput>(ctx, async (board, card, input, now) =>
            {
                var column = board.GetColumn(Ids.Parse(input.ToColumnId, "Column"));
                var lane = input.ToSwimlaneId is { } laneId ? board.GetSwimlane(Ids.Parse(laneId, "Swimlane")) : board.GetSwimlane(card.SwimlaneId);
                if (card.IsArchived)
                    throw DomainException.Invalid("cardId", "The card is archived; restore it first.");
                var db = ctx.Writes().Db;
                if (column.Id != card.ColumnId)
                    await CardPlacement.EnsureRoomAsync(db, column, card.Id, ctx.CancellationToken);
                var rank = await CardPlacement.RankAsync(db, board, column.Id, lane.Id, card.Id,
                    Ids.ParseOptional(input.AfterCardId, "Card"), Ids.ParseOptional(input.BeforeCardId, "Card"), ctx.CancellationToken, current: card);
                card.MoveTo(column, lane, rank, now);
            }));

        mutation.Field<NonNullGraphType<CardPayloadType>>("blockCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Marks a card blocked, with the reason.")
            .Argument<NonNullGraphType<BlockCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<BlockCardInput>(ctx, (card, input, now) => card.Block(input.Reason, now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("unblockCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Clears a card's blocked flag.")
            .Argument<NonNullGraphType<CardVersionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<CardChangeInput>(ctx, (card, _, now) => card.Unblock(now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("snoozeCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Silences the stale scan for a card until a time (at most 90 days ahead); clears its stale flag.")
            .Argument<NonNullGraphType<SnoozeCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<SnoozeCardInput>(ctx, (card, input, now) => card.Snooze(input.Until, now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("archiveCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Archives a card: hidden from lists, kept, and restorable.")
            .Argument<NonNullGraphType<CardVersionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<CardChangeInput>(ctx, (card, _, now) => card.Archive(now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("restoreCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Brings an archived card back to its column; refused with WIP_LIMIT_REACHED when the column is full, "
                + "and with VALIDATION for a card merged into another.")
            .Argument<NonNullGraphType<CardVersionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<CardChangeInput>(ctx, async (board, card, _, now) =>
            {
                // The domain's refusal (a merged card) comes before the column's: the room check counts saved rows only.
                var archived = card.IsArchived;
                card.Restore(now);
                if (archived)
                    await CardPlacement.EnsureRoomAsync(ctx.Writes().Db, board.GetColumn(card.ColumnId), card.Id, ctx.CancellationToken);
            }));

        mutation.Field<NonNullGraphType<EvidencePayloadType>>("addEvidence")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Adds evidence to a card, optionally naming the customer who has the problem and how close to them it came from.")
            .Argument<NonNullGraphType<AddEvidenceInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                Evidence? added = null;
                var payload = await ChangeCardAsync<AddEvidenceInput>(ctx, async (_, card, input, now) =>
                {
                    if (input.CustomerId is not null && input.Proximity is null)
                        throw DomainException.Invalid("proximity", "Say how close to the customer the evidence came from (proximity) when naming a customer.");
                    var customer = input.CustomerId is { } raw ? await EvidenceCustomerAsync(ctx, raw) : null;
                    added = card.AddEvidence(input.Kind, input.Content, input.Source, customer, input.Proximity ?? EvidenceProximity.SecondHand,
                        ctx.ViewerId(), now);
                });
                return new EvidencePayload(payload.Card, added);
            });

        mutation.Field<NonNullGraphType<EvidencePayloadType>>("removeEvidence")
            .OnBoard(BoardRole.Member, Locate.EvidenceInput())
            .Description("Removes evidence from a card; the card's history keeps what it said.")
            .Argument<NonNullGraphType<RemoveEvidenceInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<RemoveEvidenceInput>();
                return await ChangeCardOfAsync(ctx, "Evidence", input.EvidenceId, expectedVersion: null, (w, raw, ct) => w.BoardOfEvidenceAsync(raw, ct),
                    (db, id) => db.Evidence.Where(e => e.Id == id).Select(e => e.CardId), (card, id, now) =>
                    {
                        card.RemoveEvidence(id, now);
                        return new EvidencePayload(card, null, id);
                    });
            });

        mutation.Field<NonNullGraphType<ExperimentPayloadType>>("addExperiment")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Plans an experiment against a card's problem: a hypothesis and how the team will know.")
            .Argument<NonNullGraphType<AddExperimentInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                Experiment? added = null;
                var payload = await ChangeCardAsync<AddExperimentInput>(ctx, (_, card, input, now) =>
                {
                    added = card.AddExperiment(input.Hypothesis, input.Measure, ctx.ViewerId(), now);
                    return Task.CompletedTask;
                }, withExperiments: true);
                return new ExperimentPayload(payload.Card, added!);
            });

        mutation.Field<NonNullGraphType<ExperimentPayloadType>>("updateExperiment")
            .OnBoard(BoardRole.Member, Locate.ExperimentInput())
            .Description("Edits, starts or concludes an experiment. Planned -> running -> validated or invalidated; abandoned from planned or running. "
                + "A conclusion is final and needs a learning; omitted fields keep their values.")
            .Argument<NonNullGraphType<UpdateExperimentInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<UpdateExperimentInput>();
                var change = new ExperimentChange(input.Hypothesis, input.Measure, input.Status, input.Learning);
                return await ChangeCardOfAsync(ctx, "Experiment", input.ExperimentId, input.ExpectedVersion,
                    (w, raw, ct) => w.BoardOfExperimentAsync(raw, ct), (db, id) => db.Experiments.Where(e => e.Id == id).Select(e => e.CardId),
                    (card, id, now) => new ExperimentPayload(card, card.ChangeExperiment(id, change, now)), withExperiments: true);
            });

        mutation.Field<NonNullGraphType<CardPayloadType>>("vote")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Casts the viewer's vote for a card (one per person; voting twice changes nothing).")
            .Argument<NonNullGraphType<VoteInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<VoteInput>(ctx, (card, _, now) => card.CastVote(ctx.ViewerId(), now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("unvote")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Takes the viewer's vote back.")
            .Argument<NonNullGraphType<VoteInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync<VoteInput>(ctx, (card, _, now) => card.WithdrawVote(ctx.ViewerId(), now)));
    }

    /// <summary>
    /// The customer evidence names, read inside the card's write. One on a board the viewer is not a member of is NOT_FOUND,
    /// as if it did not exist; one of another board of theirs is for the domain to refuse (VALIDATION).
    /// </summary>
    private static async Task<Customer> EvidenceCustomerAsync(IResolveFieldContext ctx, string raw)
    {
        var db = ctx.Writes().Db;
        var id = Ids.Parse(raw, "Customer");
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ctx.CancellationToken);
        if (customer is null || await BoardAccess.RoleAsync(db, customer.BoardId, ctx.ViewerId(), ctx.CancellationToken) is null)
            throw Ids.NotFound("Customer", raw);
        return customer;
    }

    /// <summary>
    /// A card write addressed through one of the card's own objects (evidence, an experiment): the board is found first,
    /// the card once the board is locked; an object gone by then (removed by a concurrent write) is NOT_FOUND.
    /// </summary>
    private static async Task<TPayload> ChangeCardOfAsync<TPayload>(IResolveFieldContext ctx, string what, string raw, int? expectedVersion,
        Func<BoardWrites, string, CancellationToken, Task<Guid>> boardOf, Func<KanbanDbContext, Guid, IQueryable<Guid>> cardOf,
        Func<Card, Guid, DateTimeOffset, TPayload> change, bool withExperiments = false)
    {
        var writes = ctx.Writes();
        var boardId = await boardOf(writes, raw, ctx.CancellationToken);
        var id = Ids.Parse(raw, what);
        return await writes.RunAsync(boardId, async () =>
        {
            var cardIds = await cardOf(writes.Db, id).Take(1).ToListAsync(ctx.CancellationToken);
            if (cardIds.Count == 0)
                throw DomainException.NotFound(what, id);
            var card = await writes.LoadCardAsync(cardIds[0], ctx.CancellationToken, withExperiments);
            card.EnsureVersion(expectedVersion);
            return change(card, id, writes.Now);
        }, ctx.CancellationToken);
    }

    /// <summary>The common card write: lock its board, load board and card, check the expected version, one domain call.</summary>
    private static Task<CardPayload> ChangeCardAsync<TInput>(IResolveFieldContext ctx, Action<Card, TInput, DateTimeOffset> change)
        where TInput : class, ICardInput =>
        ChangeCardAsync<TInput>(ctx, (_, card, input, now) =>
        {
            change(card, input, now);
            return Task.CompletedTask;
        });

    private static async Task<CardPayload> ChangeCardAsync<TInput>(
        IResolveFieldContext ctx, Func<Board, Card, TInput, DateTimeOffset, Task> change, bool withExperiments = false)
        where TInput : class, ICardInput
    {
        var input = ctx.Input<TInput>();
        var writes = ctx.Writes();
        var boardId = await writes.BoardOfCardAsync(input.CardId, ctx.CancellationToken);
        return await writes.ChangeBoardAsync(boardId, async board =>
        {
            var card = await writes.LoadCardAsync(Ids.Parse(input.CardId, "Card"), ctx.CancellationToken, withExperiments);
            card.EnsureVersion(input.ExpectedVersion);
            await change(board, card, input, writes.Now);
            return new CardPayload(card);
        }, ctx.CancellationToken);
    }
}
