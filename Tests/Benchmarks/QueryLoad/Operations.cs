namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>The ids an operation's variables refer to, from the seeded data.</summary>
internal sealed record SeededIds(Guid SmallBoardId, Guid BigBoardId, Guid BigBoardColumnId);

/// <summary>
/// What an operation must reach: a throughput ratio to the bare-Kestrel ceiling, or a p50 latency; and, under load,
/// a p99 no worse than <see cref="MaxTail"/> times the p50.
/// </summary>
internal sealed record Target(double? MinRatio = null, double? MaxP50Ms = null, double? MaxTail = null)
{
    /// <summary>No target: an operation measured to explain the others.</summary>
    public static Target None { get; } = new();

    public override string ToString() => string.Join(", ", new[]
    {
        MinRatio is { } ratio ? FormattableString.Invariant($"ratio >= {ratio:0.00}") : null,
        MaxP50Ms is { } p50 ? FormattableString.Invariant($"p50 < {p50:0} ms") : null,
        MaxTail is { } tail ? FormattableString.Invariant($"p99 <= {tail:0}x p50") : null,
    }.Where(part => part is not null).DefaultIfEmpty("-"));

    public bool IsMet(double ratio, double p50Ms, double p99Ms) =>
        (MinRatio is not { } r || ratio >= r) && (MaxP50Ms is not { } p || p50Ms < p) && (MaxTail is not { } t || p99Ms <= t * p50Ms);
}

/// <summary>
/// One named operation under load: its document, its variables, how many cards its answer holds; and, where one is
/// written, the same request in PostGraphile's schema (<see cref="PeerDocument"/>) for the side-by-side comparison.
/// </summary>
internal sealed record Operation(string Name, string Query, Func<SeededIds, object?> Variables, int ExpectedCards, Target Target, string? Note = null, int? Connections = null,
    PeerDocument? Peer = null);

/// <summary>
/// The operation in PostGraphile v5's schema over the same tables (amber preset). It does less than the API: no access
/// check, no archived-card filter (none is archived in the seed), and cards in rank order only (PostGraphile cannot order
/// by the swimlane's position, which lives in another table).
/// </summary>
internal sealed record PeerDocument(string Query, Func<SeededIds, object?> Variables);

/// <summary>Every operation the <c>query-load</c> benchmark runs, in one place.</summary>
internal static class Operations
{
    /// <summary>What a board screen shows per card: enough to draw and move it.</summary>
    private const string CardFields = "fragment CardFields on Card { id title impact }";

    public static IReadOnlyList<Operation> All { get; } =
    [
        // Diagnostic: the fixed cost of a request (JWT, endpoint, parse, validate, serialize) with almost no data.
        new("viewer",
            "query Viewer { viewer { id } }",
            _ => null,
            ExpectedCards: 0,
            Target.None,
            Note: "diagnostic, no target: the per-request floor"),

        new("one-board",
            "query OneBoard($id: ID!) { board(id: $id) { id name columns { id name cards(first: 25) { nodes { ...CardFields } } } } } " + CardFields,
            ids => new { id = Api.Common.Ids.Global("Board", ids.SmallBoardId) },
            ExpectedCards: Seeding.CardsPerColumn * Seeding.ColumnsPerBoard,
            new Target(MinRatio: 0.08, MaxTail: 3),
            Peer: new PeerDocument(
                "query OneBoard($id: UUID!) { boardByRowId(rowId: $id) { id name columnsByBoardId(orderBy: POSITION_ASC) { nodes { id name cardsByColumnId(first: 25, orderBy: RANK_ASC) { nodes { id title impact } } } } } }",
                ids => new { id = ids.SmallBoardId })),

        new("all-boards",
            // first: 10 keeps the 100,000-card board (named to sort last) out; the viewer is a member of all eleven.
            "query AllBoards { boards(first: 10) { nodes { id name columns { id name cards(first: 25) { nodes { ...CardFields } } } } } } " + CardFields,
            _ => null,
            ExpectedCards: Seeding.SmallBoards * Seeding.CardsPerColumn * Seeding.ColumnsPerBoard,
            new Target(MinRatio: 0.03, MaxTail: 3),
            // Board ids are time-ordered and the 100,000-card board is seeded last: the first ten by key are the small ones.
            Peer: new PeerDocument(
                "query AllBoards { allBoards(first: 10, orderBy: PRIMARY_KEY_ASC) { nodes { id name columnsByBoardId(orderBy: POSITION_ASC) { nodes { id name cardsByColumnId(first: 25, orderBy: RANK_ASC) { nodes { id title impact } } } } } } }",
                _ => null)),

        // The newest high-impact problems nobody is blocked on, from the board of 100,000 cards.
        new("big-board-page",
            "query BigBoardPage($board: ID!) { board(id: $board) { id cards(first: 50, where: { impact: { gte: 4 }, isBlocked: { eq: false } }, order: [{ createdAt: DESC }]) { nodes { ...CardFields } pageInfo { hasNextPage endCursor } } } } " + CardFields,
            ids => new { board = Api.Common.Ids.Global("Board", ids.BigBoardId) },
            ExpectedCards: 50,
            new Target(MaxP50Ms: 20),
            Note: "a latency target: one client at a time (wrk -c1), so the figure is the request's own time, not a queue's",
            Connections: 1),

        // The problems most worth working on, from the board of 100,000 cards: the highest scores above a bound, in SQL.
        new("big-board-score-page",
            "query BigBoardScorePage($board: ID!, $score: Float!) { board(id: $board) { id cards(first: 50, where: { score: { gte: $score } }, order: [{ score: DESC }]) { nodes { ...CardFields } pageInfo { hasNextPage endCursor } } } } " + CardFields,
            ids => new { board = Api.Common.Ids.Global("Board", ids.BigBoardId), score = Seeding.ScoreBound },
            ExpectedCards: 50,
            new Target(MaxP50Ms: 20),
            Note: "a latency target: one client at a time (wrk -c1); the score's stored key orders and filters through an index",
            Connections: 1),

        // The board screen of the 100,000-card board: each column's first 25 cards in board order.
        new("big-board-columns",
            "query BigBoardColumns($board: ID!) { board(id: $board) { id columns { id name cards(first: 25) { nodes { ...CardFields } } } } } " + CardFields,
            ids => new { board = Api.Common.Ids.Global("Board", ids.BigBoardId) },
            ExpectedCards: 100,
            new Target(MaxP50Ms: 20),
            Note: "a latency target: one client at a time (wrk -c1)",
            Connections: 1),

        // The same filter in the board's own order (column, swimlane, rank), the default when a client gives no order.
        new("big-board-rank-page",
            "query BigBoardRankPage($board: ID!) { board(id: $board) { id cards(first: 50, where: { impact: { gte: 4 }, isBlocked: { eq: false } }) { nodes { ...CardFields } pageInfo { hasNextPage endCursor } } } } " + CardFields,
            ids => new { board = Api.Common.Ids.Global("Board", ids.BigBoardId) },
            ExpectedCards: 50,
            new Target(MaxP50Ms: 20),
            Note: "a latency target: one client at a time (wrk -c1)",
            Connections: 1),
        // The board screen as the persisted document asks for it (votes, counts, page info, tags), on a 100-card board.
        new("board-screen",
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PersistedOperations", "Board.graphql")),
            ids => new { id = Api.Common.Ids.Global("Board", ids.SmallBoardId) },
            ExpectedCards: Seeding.CardsPerColumn * Seeding.ColumnsPerBoard,
            Target.None,
            Note: "diagnostic: Api/PersistedOperations/Board.graphql, the screen frontend teams load"),
            // Diagnostics, no target: the one-board document cut back level by level, to see what each level costs.
        new("board-row",
            "query BoardRow($id: ID!) { board(id: $id) { id name } }",
            ids => new { id = Api.Common.Ids.Global("Board", ids.SmallBoardId) },
            ExpectedCards: 0,
            Target.None,
            Note: "diagnostic: the access check and the board's row"),

        new("board-columns",
            "query BoardColumns($id: ID!) { board(id: $id) { id name columns { id name } } }",
            ids => new { id = Api.Common.Ids.Global("Board", ids.SmallBoardId) },
            ExpectedCards: 0,
            Target.None,
            Note: "diagnostic: one-board without its cards"),
    ];
}
