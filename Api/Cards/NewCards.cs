using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Cards;

/// <summary>A new card's place and description, as createCard and promoteInsight take them; omitted ones take the defaults.</summary>
public interface INewCardInput
{
    string? ColumnId { get; }
    string? SwimlaneId { get; }
    string Title { get; }
    string? ProblemStatement { get; }
    CustomerKind? CustomerKind { get; }
    int? Impact { get; }
    int? Reach { get; }
    IReadOnlyList<string>? Tags { get; }
    IReadOnlyList<string>? Assignees { get; }
    string? AfterCardId { get; }
    string? BeforeCardId { get; }
}

/// <summary>The one way a new card gets onto a board (createCard, promoteInsight).</summary>
public static class NewCards
{
    /// <summary>The <see cref="INewCardInput"/> fields of an input type, after the field that says where the card comes from.</summary>
    public static void AddNewCardFields(this InputObjectGraphType type)
    {
        type.Field<IdGraphType>("columnId").Description("The column; omit for the first column.");
        type.Field<IdGraphType>("swimlaneId").Description("The swimlane (target group); omit for the first swimlane.");
        type.Field<NonNullGraphType<StringGraphType>>("title").Description("Short name of the problem (1-200 characters).");
        type.Field<StringGraphType>("problemStatement").Description("The problem in the customer's terms.");
        type.Field<CustomerKindType>("customerKind").Description("External or internal customers; omit to take the swimlane's.");
        type.Field<IntGraphType>("impact").Description("How badly it hurts, 1-5.").DefaultValue(3);
        type.Field<IntGraphType>("reach").Description("How many customers have it (an estimate).").DefaultValue(0);
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Free-form tags.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("assignees").Description("User ids of the people working on it.");
        type.Field<IdGraphType>("afterCardId").Description("Place it right after this card of the same column and swimlane.");
        type.Field<IdGraphType>("beforeCardId").Description("Place it right before this card of the same column and swimlane.");
    }

    /// <summary>
    /// Reports a card on <paramref name="board"/> (loaded inside its write): in its column and swimlane, within the column's
    /// WIP limit, ranked in its cell. The card joins the write and is saved with it.
    /// </summary>
    public static async Task<Card> ReportAsync(BoardWrites writes, Board board, INewCardInput input, string reporterId, CancellationToken cancellationToken)
    {
        var column = input.ColumnId is { } columnId ? board.GetColumn(Ids.Parse(columnId, "Column")) : board.Columns[0];
        var lane = input.SwimlaneId is { } laneId ? board.GetSwimlane(Ids.Parse(laneId, "Swimlane")) : board.Swimlanes[0];
        var details = new CardDetails(input.Title, input.ProblemStatement, input.CustomerKind ?? lane.CustomerKind,
            input.Impact ?? 3, input.Reach ?? 0, input.Tags ?? [], input.Assignees ?? []);
        await CardPlacement.EnsureRoomAsync(writes.Db, column, Guid.Empty, cancellationToken);
        var rank = await CardPlacement.RankAsync(writes.Db, board, column.Id, lane.Id, Guid.Empty,
            Ids.ParseOptional(input.AfterCardId, "Card"), Ids.ParseOptional(input.BeforeCardId, "Card"), cancellationToken);
        var card = Card.Report(board, column, lane, rank, details, reporterId, writes.Now);
        writes.Db.Cards.Add(card);
        return card;
    }
}
