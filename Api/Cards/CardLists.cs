using System.Linq.Expressions;
using GraphQL;
using GraphQL.Builders;
using GraphQL.DataLoader;
using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common.Filtering;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Api.Cards;

/// <summary>A card as card lists sort and filter it: with its column's and swimlane's positions, and its votes when asked.</summary>
public sealed class CardRow
{
    public required Card Card { get; init; }

    public int ColumnPosition { get; init; }

    public int LanePosition { get; init; }

    public int VoteCount { get; init; }
}

/// <summary>
/// Every card list (a board's, a column's, the stale ones): a connection with <c>where</c> and <c>order</c>,
/// loaded in SQL one query per level however many boards or columns ask.
/// </summary>
public static class CardLists
{
    public const int MaxSortFields = 5;

    private static readonly IReadOnlyList<FilterField<CardRow>> FilterFields =
    [
        FilterField<CardRow>.Of("title", r => r.Card.Title, FilterKind.Text),
        FilterField<CardRow>.Of("problemStatement", r => r.Card.ProblemStatement, FilterKind.Text),
        FilterField<CardRow>.Of("customerKind", r => r.Card.CustomerKind, FilterKind.Choice),
        FilterField<CardRow>.Of("columnId", r => r.Card.ColumnId, FilterKind.Id, raw => Ids.Parse(raw, "Column")),
        FilterField<CardRow>.Of("swimlaneId", r => r.Card.SwimlaneId, FilterKind.Id, raw => Ids.Parse(raw, "Swimlane")),
        FilterField<CardRow>.Of("tags", r => r.Card.Tags, FilterKind.TextList),
        FilterField<CardRow>.Of("impact", r => r.Card.Impact, FilterKind.Comparable),
        FilterField<CardRow>.Of("reach", r => r.Card.Reach, FilterKind.Comparable),
        FilterField<CardRow>.Of("isBlocked", r => r.Card.IsBlocked, FilterKind.Flag),
        FilterField<CardRow>.Of("isStale", r => r.Card.StaleSince != null, FilterKind.Flag),
        FilterField<CardRow>.Of("createdAt", r => r.Card.CreatedAt, FilterKind.Comparable),
        FilterField<CardRow>.Of("lastActivityAt", r => r.Card.LastActivityAt, FilterKind.Comparable),
        FilterField<CardRow>.Of("voteCount", r => r.VoteCount, FilterKind.Comparable),
        FilterField<CardRow>.Of("customerCount", r => r.Card.CustomerCount, FilterKind.Comparable),
        FilterField<CardRow>.Of("lastEvidenceAt", r => r.Card.LastEvidenceAt, FilterKind.Comparable),
    ];

    private static readonly SortKey<CardRow> Id = SortKey<CardRow>.Of("id", r => r.Card.Id);
    private static readonly SortKey<CardRow> Column = SortKey<CardRow>.Of("column", r => r.ColumnPosition);
    private static readonly SortKey<CardRow> Swimlane = SortKey<CardRow>.Of("swimlane", r => r.LanePosition);
    private static readonly SortKey<CardRow> Rank = SortKey<CardRow>.Of("rank", r => r.Card.Rank);

    /// <summary>What each sort field orders by; <c>rank</c> is the board's own order: column, swimlane, rank.</summary>
    private static readonly Dictionary<string, SortKey<CardRow>[]> SortFields = new()
    {
        ["rank"] = [Column, Swimlane, Rank],
        ["column"] = [Column],
        ["swimlane"] = [Swimlane],
        ["title"] = [SortKey<CardRow>.Of("title", r => r.Card.Title)],
        ["problemStatement"] = [SortKey<CardRow>.Of("problemStatement", r => r.Card.ProblemStatement)],
        ["customerKind"] = [SortKey<CardRow>.Of("customerKind", r => r.Card.CustomerKind == CustomerKind.External ? 0 : 1)],
        ["impact"] = [SortKey<CardRow>.Of("impact", r => r.Card.Impact)],
        ["reach"] = [SortKey<CardRow>.Of("reach", r => r.Card.Reach)],
        ["isBlocked"] = [SortKey<CardRow>.Of("isBlocked", r => r.Card.IsBlocked)],
        ["isStale"] = [SortKey<CardRow>.Of("isStale", r => r.Card.StaleSince != null)],
        ["createdAt"] = [SortKey<CardRow>.Of("createdAt", r => r.Card.CreatedAt)],
        ["lastActivityAt"] = [SortKey<CardRow>.Of("lastActivityAt", r => r.Card.LastActivityAt)],
        ["voteCount"] = [SortKey<CardRow>.Of("voteCount", r => r.VoteCount)],
        ["customerCount"] = [SortKey<CardRow>.Of("customerCount", r => r.Card.CustomerCount)],
        // Cards without evidence sort as if their last evidence were at the Unix epoch: before (ASC) or after (DESC) all others.
        ["lastEvidenceAt"] = [SortKey<CardRow>.Of("lastEvidenceAt", r => r.Card.LastEvidenceAt ?? DateTimeOffset.UnixEpoch)],
        // The stored key orders as the score does at any moment (ProblemScore); cards without evidence come last (DESC).
        ["score"] = [SortKey<CardRow>.Of("score", r => r.Card.ScoreKey)],
    };

    private static readonly SortKey<CardRow> StaleSince = SortKey<CardRow>.Of("staleSince", r => r.Card.StaleSince!.Value);

    public static readonly Ordering<CardRow> BoardOrder = new([new(Column, false), new(Swimlane, false), new(Rank, false), new(Id, false)]);

    public static readonly Ordering<CardRow> StaleOrder = new([new(StaleSince, false), new(Id, false)]);

    public static IEnumerable<string> SortFieldNames => SortFields.Keys;

    public static IEnumerable<string> FilterFieldNames => FilterFields.Select(f => f.Name).Append(Score);

    private const string Score = "score";

    /// <summary>
    /// <c>score: { gte: s }</c> as a bound of the stored key at <paramref name="now"/> (<see cref="ProblemScore.KeyFor"/>),
    /// so the score index serves it; a bound of 0 or less holds for every card.
    /// </summary>
    private static FilterField<CardRow> ScoreFilter(DateTimeOffset now) =>
        FilterField<CardRow>.Of(Score, r => r.Card.ScoreKey, FilterKind.Computed) with
        {
            Compute = (key, op, value) => op != FilterOps.Gte ? null
                : ProblemScore.KeyFor(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), now) is { } bound
                    ? Expression.GreaterThanOrEqual(key, QueryValue.Of(typeof(double), bound))
                    : Expression.Constant(true),
        };

    /// <summary>Adds <c>where</c>, <c>order</c>, <c>includeArchived</c> and the page arguments.</summary>
    public static FieldBuilder<TSource, TReturn> CardListArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string defaultOrder) =>
        field.Argument<CardFilterInputType>("where", "Only cards that meet these conditions (HotChocolate's filter convention).")
            .Argument<ListGraphType<NonNullGraphType<CardSortInputType>>>("order", $"Sort by these fields, in this order; one field per item (default: {defaultOrder}). Ties end in card id order, in the last field's direction.")
            .Argument<BooleanGraphType>("includeArchived", "Also archived cards (default false).", a => a.DefaultValue = false)
            .PageArguments("cards");

    /// <summary>
    /// Loads the page of a column's cards; columns asking for the same field share a query. In the board order each
    /// column pages swimlane by swimlane (<see cref="ColumnCells"/>).
    /// </summary>
    public static IDataLoaderResult<Connection<Card>> LoadForColumn(IResolveFieldContext context, Guid columnId, Ordering<CardRow> defaultOrder) =>
        context.Connections().Load(context, columnId, () => Spec(context, ofColumn: true, defaultOrder, null), row => row.Card);

    /// <summary>
    /// Loads the page of a board's cards (those <paramref name="narrow"/> keeps); boards asking for the same field share a
    /// query. In the board order each board pages cell by cell (<see cref="BoardCells"/>).
    /// </summary>
    public static IDataLoaderResult<Connection<Card>> LoadForBoard(
        IResolveFieldContext context, Guid boardId, Ordering<CardRow> defaultOrder, Expression<Func<Card, bool>>? narrow = null) =>
        context.Connections().Load(context, boardId, () => Spec(context, ofColumn: false, defaultOrder, narrow), row => row.Card);

    private static ConnectionSpec<CardRow, Guid> Spec(IResolveFieldContext context, bool ofColumn, Ordering<CardRow> defaultOrder, Expression<Func<Card, bool>>? narrow) =>
        Spec(context.Db(), context.BoardLoaders(), context.RequestServices!.GetRequiredService<PageDefaults>().CellWalkFromCards,
            context.GetArgument<IDictionary<string, object?>?>("where"), context.GetArgument<List<object?>?>("order"), context.GetArgument("includeArchived", false),
            context.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow(), ofColumn, defaultOrder, narrow);

    /// <summary>
    /// A card list for its arguments, without a resolver: the rows (filtered), each row's parent (its column when
    /// <paramref name="ofColumn"/>, else its board), the order, and in the board order the cell walk. What the loaders page,
    /// and what the tests turn into each provider's SQL.
    /// </summary>
    public static ConnectionSpec<CardRow, Guid> Spec(
        KanbanDbContext db, BoardLoaders loaders, int cellWalkFromCards, IDictionary<string, object?>? where, List<object?>? order, bool includeArchived,
        DateTimeOffset now, bool ofColumn, Ordering<CardRow> defaultOrder, Expression<Func<Card, bool>>? narrow = null)
    {
        var ordering = SortInput.Order(order, SortFields, Id, defaultOrder, MaxSortFields);
        var filter = new Filter<CardRow>([.. FilterFields, ScoreFilter(now)], db.Provider).Translate(where);
        var needsVotes = ordering.Steps.Any(s => s.Key.Name == "voteCount") || FilterOps.Mentions(where, "voteCount");

        var cards = db.Cards.AsNoTracking();
        if (!includeArchived)
            cards = cards.Where(c => !c.IsArchived);
        if (narrow is not null)
            cards = cards.Where(narrow);
        var rows = Rows(db, cards, needsVotes);
        if (filter is not null)
            rows = rows.Where(filter);
        var byCell = ordering.Steps.Count > 2 && ordering.Steps[0].Key == Column && ordering.Steps[1].Key == Swimlane;
        Expression<Func<CardRow, Guid>> parentKey = ofColumn ? r => r.Card.ColumnId : r => r.Card.BoardId;
        return new ConnectionSpec<CardRow, Guid>(rows, parentKey, ordering, byCell ? Cells(db, loaders, cellWalkFromCards, ofColumn ? ColumnCells : BoardCells) : null);
    }

    /// <summary>
    /// The cards a card-list <c>where</c> keeps, as a narrowing of any card query (archived cards stay in it), for other
    /// features that select cards the way the lists do; null when <paramref name="where"/> sets no condition. Bad input
    /// is refused here, with the lists' VALIDATION errors, before anything is read.
    /// </summary>
    public static Func<IQueryable<Card>, IQueryable<Card>>? Narrowing(KanbanDbContext db, IDictionary<string, object?>? where, DateTimeOffset now)
    {
        if (new Filter<CardRow>([.. FilterFields, ScoreFilter(now)], db.Provider).Translate(where) is not { } filter)
            return null;
        var needsVotes = FilterOps.Mentions(where, "voteCount");
        return cards => Rows(db, cards, needsVotes).Where(filter).Select(r => r.Card);
    }

    private static IQueryable<CardRow> Rows(KanbanDbContext db, IQueryable<Card> cards, bool withVotes) => withVotes
        ? from card in cards
          join column in db.Columns on card.ColumnId equals column.Id
          join lane in db.Swimlanes on card.SwimlaneId equals lane.Id
          select new CardRow { Card = card, ColumnPosition = column.Position, LanePosition = lane.Position, VoteCount = card.Votes.Count }
        : from card in cards
          join column in db.Columns on card.ColumnId equals column.Id
          join lane in db.Swimlanes on card.SwimlaneId equals lane.Id
          select new CardRow { Card = card, ColumnPosition = column.Position, LanePosition = lane.Position };

    /// <summary>
    /// How a kind of parent owns cells (column x swimlane): which columns hold the cells of the parents asked for, which
    /// parent a cell belongs to, and which of the parent's cards a cell holds (with the parent's own key, a cell's whole index prefix).
    /// </summary>
    private sealed record CellOwner(
        Func<IReadOnlyCollection<Guid>, Expression<Func<Column, bool>>> Columns,
        Func<Cell, Guid> Parent,
        Func<Cell, Expression<Func<CardRow, bool>>> Rows,
        Func<BoardLoaders, Guid, bool> KnownSmall,
        Func<BoardLoaders, IReadOnlyCollection<Guid>, CancellationToken, Task<List<Cell>?>> KnownCells);

    /// <summary>A board's cells: its columns x its swimlanes.</summary>
    private static readonly CellOwner BoardCells = new(
        boards => column => boards.Contains(column.BoardId),
        c => c.BoardId,
        c => r => r.Card.ColumnId == c.ColumnId && r.Card.SwimlaneId == c.LaneId,
        (loaders, board) => loaders.HasFewCardsOnBoard(board),
        (_, _, _) => Task.FromResult<List<Cell>?>(null));

    /// <summary>A column's cells: its board's swimlanes.</summary>
    private static readonly CellOwner ColumnCells = new(
        columns => column => columns.Contains(column.Id),
        c => c.ColumnId,
        c => r => r.Card.BoardId == c.BoardId && r.Card.SwimlaneId == c.LaneId,
        (loaders, column) => loaders.HasFewCards(column),
        ColumnCellsFromLoadersAsync);

    /// <summary>The cells of columns this request's columns loader read: their board's swimlanes (one statement per level); else null.</summary>
    private static async Task<List<Cell>?> ColumnCellsFromLoadersAsync(BoardLoaders loaders, IReadOnlyCollection<Guid> columnIds, CancellationToken cancellationToken)
    {
        var columns = columnIds.Select(loaders.ReadColumn).ToList();
        if (columns.Exists(c => c is null))
            return null;
        var lanes = columns.Select(c => c!.BoardId).Distinct().ToDictionary(b => b, loaders.SwimlanesByBoard.Load);
        var cells = new List<Cell>();
        foreach (var column in columns)
        {
            foreach (var lane in await lanes[column!.BoardId].GetResultAsync(cancellationToken))
                cells.Add(new Cell(column.BoardId, column.Id, column.Position, lane.Id, lane.Position, 0));
        }

        return cells;
    }

    /// <summary>
    /// The cells (with their positions) of the boards or columns asked for: in the board order a page walks each
    /// cell's (BoardId, ColumnId, SwimlaneId, Rank) index and stops after a page, instead of joining and sorting every
    /// matching card for their column's and swimlane's positions (docs/performance.md). On PostgreSQL always for
    /// columns this request read (their cells come from the loaders), elsewhere only when some cell holds at least
    /// <paramref name="largeCell"/> cards (<c>GraphQL:CellWalkFromCards</c>): SQLite sorts a small board's few cards
    /// faster than it prepares a branch per cell.
    /// </summary>
    private static Partitioning<CardRow, Guid> Cells(KanbanDbContext db, BoardLoaders loaders, int largeCell, CellOwner owner) =>
        new(2, async (parents, cancellationToken) =>
        {
            // On PostgreSQL the columns of this request walk their cells whatever their size: each branch then follows the
            // cell's rank index, and the statement keeps one prepared plan. Ordered by positions through joins it was
            // planned again on every execution (skewed boards make the generic plan look dear; docs/performance.md).
            if (db.Provider == DatabaseProvider.Postgres && await owner.KnownCells(loaders, parents, cancellationToken) is { } known)
                return ByParent(known, owner);
            // Parents whose columns this request already counted below largeCell have no large cell: no statement needed.
            if (parents.All(p => owner.KnownSmall(loaders, p)))
                return null;
            return Large(await CellsAsync(db, owner.Columns(parents), largeCell, cancellationToken), largeCell) is { } cells ? ByParent(cells, owner) : null;
        });

    private static Dictionary<Guid, List<Partition<CardRow>>> ByParent(List<Cell> cells, CellOwner owner) =>
        cells.GroupBy(owner.Parent).ToDictionary(g => g.Key, g => g.Select(c => new Partition<CardRow>(owner.Rows(c), [c.ColumnPosition, c.LanePosition])).ToList());

    private sealed record Cell(Guid BoardId, Guid ColumnId, int ColumnPosition, Guid LaneId, int LanePosition, int Cards);

    private static List<Cell>? Large(List<Cell> cells, int largeCell) => cells.Exists(c => c.Cards >= largeCell) ? cells : null;

    /// <summary>The cells of the columns asked for, each with its cards counted up to <paramref name="largeCell"/> (through the cell's index).</summary>
    private static Task<List<Cell>> CellsAsync(KanbanDbContext db, Expression<Func<Column, bool>> columns, int largeCell, CancellationToken cancellationToken) =>
        (from column in db.Columns.Where(columns)
         join lane in db.Swimlanes on column.BoardId equals lane.BoardId
         select new Cell(column.BoardId, column.Id, column.Position, lane.Id, lane.Position,
             db.Cards.Where(c => c.BoardId == column.BoardId && c.ColumnId == column.Id && c.SwimlaneId == lane.Id).Take(largeCell).Count()))
        .AsNoTracking().ToListAsync(cancellationToken);
}

public sealed class CardFilterInputType : InputObjectGraphType
{
    public CardFilterInputType()
    {
        Name = "CardFilterInput";
        Description = "Conditions on cards; all given fields must hold. Combine with and / or.";
        Field<ListGraphType<NonNullGraphType<CardFilterInputType>>>(FilterOps.And).Description("All of these hold.");
        Field<ListGraphType<NonNullGraphType<CardFilterInputType>>>(FilterOps.Or).Description("At least one of these holds.");
        Field<StringOperationFilterInputType>("title").Description("The title.");
        Field<StringOperationFilterInputType>("problemStatement").Description("The problem statement.");
        Field<CustomerKindOperationFilterInputType>("customerKind").Description("External or internal customers.");
        Field<IdOperationFilterInputType>("columnId").Description("The card's column.");
        Field<IdOperationFilterInputType>("swimlaneId").Description("The card's swimlane.");
        Field<ListStringOperationFilterInputType>("tags").Description("The tags.");
        Field<IntOperationFilterInputType>("impact").Description("Impact, 1 to 5.");
        Field<IntOperationFilterInputType>("reach").Description("Reach.");
        Field<BooleanOperationFilterInputType>("isBlocked").Description("Blocked or not.");
        Field<BooleanOperationFilterInputType>("isStale").Description("Flagged stale or not.");
        Field<DateTimeOperationFilterInputType>("createdAt").Description("When it was reported.");
        Field<DateTimeOperationFilterInputType>("lastActivityAt").Description("Its last real activity.");
        Field<IntOperationFilterInputType>("voteCount").Description("How many votes it has.");
        Field<IntOperationFilterInputType>("customerCount").Description("How many distinct customers its evidence names.");
        Field<DateTimeOperationFilterInputType>("lastEvidenceAt").Description("When its newest evidence was recorded; for a card without evidence only neq and nin hold.");
        Field<ScoreFilterInputType>("score").Description("Its problem score now (see Card.score).");
    }
}

public sealed class ScoreFilterInputType : InputObjectGraphType
{
    public ScoreFilterInputType()
    {
        Name = "ScoreFilterInput";
        Description = "Conditions on a problem score, which changes with time: evaluated at the moment of the request.";
        Field<FloatGraphType>(FilterOps.Gte).Description("At least this score; 0 or less: every card.");
    }
}

public sealed class CustomerKindOperationFilterInputType : InputObjectGraphType
{
    public CustomerKindOperationFilterInputType()
    {
        Name = "CustomerKindOperationFilterInput";
        Description = "Conditions on a customer kind.";
        FilterOps.AddEquality<CustomerKindType>(this);
    }
}

public sealed class CardSortInputType : InputObjectGraphType
{
    public CardSortInputType()
    {
        Name = "CardSortInput";
        Description = "One sort field and its direction, e.g. { impact: DESC }. rank is the board's own order: column, then swimlane, then rank.";
        foreach (var name in CardLists.SortFieldNames)
            Field<SortEnumType>(name).Description(name == "rank" ? "The board's order (column, swimlane, rank)." : $"By {name}.");
    }
}

public sealed class CardConnectionType() : ConnectionType<CardType, CardEdgeType, Card>("Card", "cards");

public sealed class CardEdgeType() : EdgeType<CardType, Card>("Card");
