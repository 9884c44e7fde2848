using KanbanCustomer.Api.Common.Access;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
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
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var boardId = Ids.Parse(input.Id("boardId"), "Board");
                return await writes.RunAsync(boardId, async () =>
                {
                    var board = await writes.LoadBoardAsync(boardId, ctx.CancellationToken);
                    var column = input.OptionalId("columnId") is { } columnId ? board.GetColumn(Ids.Parse(columnId, "Column")) : board.Columns[0];
                    var lane = input.OptionalId("swimlaneId") is { } laneId ? board.GetSwimlane(Ids.Parse(laneId, "Swimlane")) : board.Swimlanes[0];
                    var details = new CardDetails(
                        input.Get<string>("title") ?? "",
                        input.Get<string>("problemStatement"),
                        input.Get<CustomerKind?>("customerKind") ?? lane.CustomerKind,
                        input.Get("impact", 3),
                        input.Get("reach", 0),
                        input.Strings("tags") ?? [],
                        input.Strings("assignees") ?? []);
                    await CardPlacement.EnsureRoomAsync(writes.Db, column, Guid.Empty, ctx.CancellationToken);
                    var rank = await CardPlacement.RankAsync(writes.Db, board, column.Id, lane.Id, Guid.Empty,
                        Ids.ParseOptional(input.OptionalId("afterCardId"), "Card"), Ids.ParseOptional(input.OptionalId("beforeCardId"), "Card"),
                        ctx.CancellationToken);
                    var card = Card.Report(board, column, lane, rank, details, ctx.ViewerId(), writes.Now);
                    writes.Db.Cards.Add(card);
                    return new CardPayload(card);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<CardPayloadType>>("updateCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Edits a card's description.")
            .Argument<NonNullGraphType<UpdateCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, (card, input, now) => card.Edit(new CardDetails(
                input.Patch<string>("title").Or(card.Title) ?? "",
                input.Patch<string>("problemStatement").Or(card.ProblemStatement),
                input.Patch<CustomerKind?>("customerKind").Or(card.CustomerKind) ?? card.CustomerKind,
                input.Patch<int?>("impact").Or(card.Impact) ?? card.Impact,
                input.Patch<int?>("reach").Or(card.Reach) ?? card.Reach,
                input.PatchStrings("tags").Or(card.Tags) ?? [],
                input.PatchStrings("assignees").Or(card.Assignees) ?? []), now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("moveCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Moves a card to a column, swimlane and place; refused with WIP_LIMIT_REACHED when the column is full.")
            .Argument<NonNullGraphType<MoveCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, async (board, card, input, now) =>
            {
                var column = board.GetColumn(Ids.Parse(input.Id("toColumnId"), "Column"));
                var lane = input.OptionalId("toSwimlaneId") is { } laneId ? board.GetSwimlane(Ids.Parse(laneId, "Swimlane")) : board.GetSwimlane(card.SwimlaneId);
                if (card.IsArchived)
                    throw DomainException.Invalid("cardId", "The card is archived; restore it first.");
                var db = ctx.Writes().Db;
                if (column.Id != card.ColumnId)
                    await CardPlacement.EnsureRoomAsync(db, column, card.Id, ctx.CancellationToken);
                var rank = await CardPlacement.RankAsync(db, board, column.Id, lane.Id, card.Id,
                    Ids.ParseOptional(input.OptionalId("afterCardId"), "Card"), Ids.ParseOptional(input.OptionalId("beforeCardId"), "Card"),
                    ctx.CancellationToken, current: card);
                card.MoveTo(column, lane, rank, now);
            }));

        mutation.Field<NonNullGraphType<CardPayloadType>>("blockCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Marks a card blocked, with the reason.")
            .Argument<NonNullGraphType<BlockCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, (card, input, now) => card.Block(input.Get<string>("reason") ?? "", now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("unblockCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Clears a card's blocked flag.")
            .Argument<NonNullGraphType<CardVersionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, (card, _, now) => card.Unblock(now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("snoozeCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Silences the stale scan for a card until a time (at most 90 days ahead); clears its stale flag.")
            .Argument<NonNullGraphType<SnoozeCardInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, (card, input, now) => card.Snooze(input.Get<DateTimeOffset>("until"), now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("archiveCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Archives a card: hidden from lists, kept, and restorable.")
            .Argument<NonNullGraphType<CardVersionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, (card, _, now) => card.Archive(now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("restoreCard")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Brings an archived card back to its column; refused with WIP_LIMIT_REACHED when the column is full.")
            .Argument<NonNullGraphType<CardVersionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, async (board, card, _, now) =>
            {
                if (card.IsArchived)
                    await CardPlacement.EnsureRoomAsync(ctx.Writes().Db, board.GetColumn(card.ColumnId), card.Id, ctx.CancellationToken);
                card.Restore(now);
            }));

        mutation.Field<NonNullGraphType<EvidencePayloadType>>("addEvidence")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Adds evidence to a card.")
            .Argument<NonNullGraphType<AddEvidenceInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                Evidence? added = null;
                var payload = await ChangeCardAsync(ctx, (card, input, now) => added = card.AddEvidence(
                    input.Get("kind", EvidenceKind.Observation), input.Get<string>("content") ?? "", input.Get<string>("source"), ctx.ViewerId(), now));
                return new EvidencePayload(payload.Card, added);
            });

        mutation.Field<NonNullGraphType<EvidencePayloadType>>("removeEvidence")
            .OnBoard(BoardRole.Member, Locate.EvidenceInput())
            .Description("Removes evidence from a card; the card's history keeps what it said.")
            .Argument<NonNullGraphType<RemoveEvidenceInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardOfAsync(ctx, "Evidence", "evidenceId", (w, raw, ct) => w.BoardOfEvidenceAsync(raw, ct),
                (db, id) => db.Evidence.Where(e => e.Id == id).Select(e => e.CardId), (card, id, _, now) =>
                {
                    card.RemoveEvidence(id, now);
                    return new EvidencePayload(card, null, id);
                }));

        mutation.Field<NonNullGraphType<ExperimentPayloadType>>("addExperiment")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Plans an experiment against a card's problem: a hypothesis and how the team will know.")
            .Argument<NonNullGraphType<AddExperimentInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                Experiment? added = null;
                var payload = await ChangeCardAsync(ctx, (_, card, input, now) =>
                {
                    added = card.AddExperiment(input.Get<string>("hypothesis") ?? "", input.Get<string>("measure") ?? "", ctx.ViewerId(), now);
                    return Task.CompletedTask;
                }, withExperiments: true);
                return new ExperimentPayload(payload.Card, added!);
            });

        mutation.Field<NonNullGraphType<ExperimentPayloadType>>("updateExperiment")
            .OnBoard(BoardRole.Member, Locate.ExperimentInput())
            .Description("Edits, starts or concludes an experiment. Planned -> running -> validated or invalidated; abandoned from planned or running. "
                + "A conclusion is final and needs a learning; omitted fields keep their values.")
            .Argument<NonNullGraphType<UpdateExperimentInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardOfAsync(ctx, "Experiment", "experimentId", (w, raw, ct) => w.BoardOfExperimentAsync(raw, ct),
                (db, id) => db.Experiments.Where(e => e.Id == id).Select(e => e.CardId), (card, id, input, now) => new ExperimentPayload(card,
                    card.ChangeExperiment(id, new ExperimentChange(input.Get<string>("hypothesis"), input.Get<string>("measure"),
                        input.Get<ExperimentStatus?>("status"), input.Get<string>("learning")), now)),
                withExperiments: true));

        mutation.Field<NonNullGraphType<CardPayloadType>>("vote")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Casts the viewer's vote for a card (one per person; voting twice changes nothing).")
            .Argument<NonNullGraphType<VoteInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, (card, _, now) => card.CastVote(ctx.ViewerId(), now)));

        mutation.Field<NonNullGraphType<CardPayloadType>>("unvote")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Takes the viewer's vote back.")
            .Argument<NonNullGraphType<VoteInputType>>("input")
            .ResolveAsync(async ctx => await ChangeCardAsync(ctx, (card, _, now) => card.WithdrawVote(ctx.ViewerId(), now)));
    }

    /// <summary>
    /// A card write addressed through one of the card's own objects (evidence, an experiment): the board is found first,
    /// the card once the board is locked; an object gone by then (removed by a concurrent write) is NOT_FOUND.
    /// </summary>
    private static async Task<TPayload> ChangeCardOfAsync<TPayload>(IResolveFieldContext ctx, string what, string field,
        Func<BoardWrites, string, CancellationToken, Task<Guid>> boardOf, Func<KanbanDbContext, Guid, IQueryable<Guid>> cardOf,
        Func<Card, Guid, InputReader, DateTimeOffset, TPayload> change, bool withExperiments = false)
    {
        var input = new InputReader(ctx.Input());
        var writes = ctx.Writes();
        var raw = input.Id(field);
        var boardId = await boardOf(writes, raw, ctx.CancellationToken);
        var id = Ids.Parse(raw, what);
        return await writes.RunAsync(boardId, async () =>
        {
            var cardIds = await cardOf(writes.Db, id).Take(1).ToListAsync(ctx.CancellationToken);
            if (cardIds.Count == 0)
                throw DomainException.NotFound(what, id);
            var card = await writes.LoadCardAsync(cardIds[0], ctx.CancellationToken, withExperiments);
            card.EnsureVersion(input.Get<int?>("expectedVersion"));
            return change(card, id, input, writes.Now);
        }, ctx.CancellationToken);
    }

    /// <summary>The common card write: lock its board, load board and card, check the expected version, one domain call.</summary>
    private static Task<CardPayload> ChangeCardAsync(IResolveFieldContext ctx, Action<Card, InputReader, DateTimeOffset> change) =>
        ChangeCardAsync(ctx, (_, card, input, now) =>
        {
            change(card, input, now);
            return Task.CompletedTask;
        });

    private static async Task<CardPayload> ChangeCardAsync(
        IResolveFieldContext ctx, Func<Board, Card, InputReader, DateTimeOffset, Task> change, bool withExperiments = false)
    {
        var input = new InputReader(ctx.Input());
        var writes = ctx.Writes();
        var boardId = await writes.BoardOfCardAsync(input.Id("cardId"), ctx.CancellationToken);
        return await writes.ChangeBoardAsync(boardId, async board =>
        {
            var card = await writes.LoadCardAsync(Ids.Parse(input.Id("cardId"), "Card"), ctx.CancellationToken, withExperiments);
            card.EnsureVersion(input.Get<int?>("expectedVersion"));
            await change(board, card, input, writes.Now);
            return new CardPayload(card);
        }, ctx.CancellationToken);
    }
}
