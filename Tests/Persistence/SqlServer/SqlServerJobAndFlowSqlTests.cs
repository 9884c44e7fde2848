using System.Data;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Flow;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using KanbanCustomer.Infrastructure.Webhooks;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

/// <summary>
/// The T-SQL of the stale scan (a whole run, answered with a board whose columns use each stale clock) and of the flow
/// metrics (each grouping, with and without <c>where</c>), parsed by Microsoft's parser; the statements are the ones the
/// production code sends to a <see cref="SqlServerRecorder"/>.
/// </summary>
public sealed class SqlServerJobAndFlowSqlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Then = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly CardDetails Details = new("Slow export", "Exports take minutes", CustomerKind.External, 3, 10, ["billing"], []);

    private static Board StaleBoard() => Board.Create("Stale", "alice", Then,
    [
        new ColumnSpec("Inbox", StaleAfter: TimeSpan.FromHours(1)),
        new ColumnSpec("Doing", StaleAfter: TimeSpan.FromHours(1), IsCommitmentPoint: true, StaleBasis: StaleBasis.TimeInColumn),
        new ColumnSpec("Waiting", StaleAfter: TimeSpan.FromHours(1), StaleBasis: StaleBasis.LastEvidence),
        new ColumnSpec("Review", AutoStaleAfter: true),
        new ColumnSpec("Done", IsDone: true),
    ]);

    private static bool Selects(string sql, string columns, string table) =>
        sql.StartsWith("SELECT " + columns, StringComparison.Ordinal) && sql.Contains($"FROM [{table}]", StringComparison.Ordinal);

    /// <summary>
    /// A whole run: the columns, the boards' defaults, the learning window's events, each clock's candidates, then the
    /// board's write (lock, board and columns, the cards, the flag with its event and sequence number, the digest for
    /// the board's webhook). Each read is answered with the board, its card and its webhook, so every statement is sent.
    /// </summary>
    [Fact]
    public async Task A_stale_scan_run_reads_and_writes_in_T_SQL()
    {
        var clock = new FakeTimeProvider(Then.AddDays(1));
        await using var sql = new SqlServerRecorder(clock);
        var board = StaleBoard();
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], RankKey.Spread(1)[0], Details, "alice", Then);
        var webhook = new Webhook(board.Id, "https://hooks.example.com/stale", "0123456789abcdef0123", true, "alice", Then);
        var db = sql.Db;
        sql.Answer = statement =>
            statement.Contains("JOIN [Columns]", StringComparison.Ordinal) ? EntityRows.Of(db, statement, board.Columns.Select(c => new object[] { board, c }))
            : Selects(statement, "[c].[Id], [c].", "Columns") ? EntityRows.Of(db, statement, board.Columns.Where(c => !c.IsDone).Select(c => new object[] { c }))
            : Selects(statement, "[b].[Id], [b].", "Boards") || Selects(statement, "TOP(2) [b].[LastEventSeq]", "Boards") ? EntityRows.Of(db, statement, [[board]])
            : Selects(statement, "[c].[Id]", "Cards") ? EntityRows.Of(db, statement, [[card]])
            : Selects(statement, "[w].[Id]", "Webhooks") && !statement.Contains("OPENJSON", StringComparison.Ordinal) ? EntityRows.Of(db, statement, [[webhook]])
            : null;
        await using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var job = new StaleScanJob(db, clock, new NoDispatch(), Options.Create(new StaleScanOptions()), NullLogger<StaleScanJob>.Instance,
            new KanbanMetrics(meters.GetRequiredService<IMeterFactory>()));

        var result = await job.RunAsync(Ct);

        Assert.Equal((4, 1, 1), (result.Columns, result.Flagged, result.Deliveries));
        var statements = sql.Statements;
        Assert.Contains(statements, s => s.Contains("FROM [BoardEvents]", StringComparison.Ordinal) && s.Contains("ORDER BY [b].[Seq]", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("UPDATE [Cards] SET [StaleSince]", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("INSERT INTO [WebhookDeliveries]", StringComparison.Ordinal));
        foreach (var statement in statements)
            TSqlScripts.AssertParses("stale scan", statement);
    }

    private sealed class NoDispatch : IWebhookDispatcher
    {
        public void Dispatch(Guid deliveryId)
        {
        }
    }

    [Theory]
    [InlineData(StaleBasis.LastActivity)]
    [InlineData(StaleBasis.TimeInColumn)]
    [InlineData(StaleBasis.LastEvidence)]
    public async Task Each_stale_clocks_candidates_read_in_T_SQL(StaleBasis basis)
    {
        await using var sql = new SqlServerRecorder();

        var statement = StaleScanJob.OverdueCards(sql.Db, Guid.CreateVersion7(), basis, Then, Then.AddDays(1)).ToQueryString();

        Assert.Contains(basis == StaleBasis.TimeInColumn ? "[EnteredColumnAt]" : basis == StaleBasis.LastEvidence ? "COALESCE([c].[LastEvidenceAt]" : "[LastActivityAt]",
            statement, StringComparison.Ordinal);
        TSqlScripts.AssertParses($"overdue cards ({basis})", statement);
    }

    /// <summary>
    /// flowMetrics (and Card.age, the forecasts, which read the same): the board's last event number, its columns, the
    /// timelines of the cards that stepped since the window began and of those in flight, then the board's card counts
    /// (or, with a card-list <c>where</c>, the narrowed cards counted per place, and each timeline read narrowed the same way).
    /// </summary>
    [Theory]
    [InlineData(FlowGroupBy.None, null)]
    [InlineData(FlowGroupBy.Swimlane, "voteCount gte")]
    [InlineData(FlowGroupBy.CustomerKind, "tags some")]
    [InlineData(FlowGroupBy.None, "nested and / or with fields beside")]
    [InlineData(FlowGroupBy.None, "title contains (Unicode)")]
    public async Task Flow_metrics_read_in_T_SQL(FlowGroupBy groupBy, string? filter)
    {
        var clock = new FakeTimeProvider(Then.AddDays(30));
        await using var sql = new SqlServerRecorder(clock);
        var board = StaleBoard();
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], RankKey.Spread(1)[0], Details, "alice", Then);
        var (lane, kind) = (board.Swimlanes[0].Id, CustomerKind.External);
        var timeline = new CardTimeline(board.Id, card.Id, new CardPlace(lane, kind, board.Columns[4].Id, false),
        [
            new FlowStep(1, Then, board.Columns[0].Id, lane, kind, false),
            new FlowStep(2, Then.AddDays(2), board.Columns[1].Id, lane, kind, true),
            new FlowStep(3, Then.AddDays(9), board.Columns[4].Id, lane, kind, false),
        ]);
        var db = sql.Db;
        sql.Answer = statement =>
            Selects(statement, "TOP(2) [b].[LastEventSeq]", "Boards") ? EntityRows.Of(db, statement, [[board]])
            : Selects(statement, "[c].[Id], [c].[Name]", "Columns") ? EntityRows.Of(db, statement, board.Columns.Select(c => new object[] { c }))
            : Selects(statement, "[c].", "CardTimelines") ? EntityRows.Of(db, statement, [[timeline]])
            : null;
        var cards = filter is null ? null : new FlowCards(filter, CardLists.Narrowing(db, SqlServerCardListSqlTests.Filters[filter], clock.GetUtcNow())!);
        using var reads = new FlowReads(clock);

        var metrics = await reads.MetricsAsync(db, board.Id, Then.AddDays(1), Then.AddDays(20), groupBy, "Europe/Berlin", cards, Ct);

        var statements = sql.Statements;
        foreach (var statement in statements)
            TSqlScripts.AssertParses($"flow metrics ({filter ?? "all cards"})", statement);
        Assert.Equal(5, statements.Count);
        Assert.All(statements.Skip(2).Take(2), s => Assert.Contains("FROM [CardTimelines]", s, StringComparison.Ordinal));
        Assert.Contains(filter is null ? "FROM [CardCounts]" : "GROUP BY", statements[4], StringComparison.Ordinal);
        // The timeline answered for the moving cards finished in the window: the statements ran, and their rows were used.
        Assert.Equal(1, metrics.Groups.Sum(g => g.CycleTime.Count));
    }

    /// <summary>The start-up backfill of the flow history: cards without history, their events, the cards without events, the steps written.</summary>
    [Fact]
    public async Task The_flow_history_backfill_reads_and_writes_in_T_SQL()
    {
        await using var sql = new SqlServerRecorder();
        var board = StaleBoard();
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], RankKey.Spread(1)[0], Details, "alice", Then);
        var uncovered = 1;
        var db = sql.Db;
        sql.Answer = statement =>
            Selects(statement, "TOP(@p) [c].[Id]", "Cards") ? EntityRows.Of(db, statement, uncovered-- > 0 ? [[card]] : [])
            : Selects(statement, "[c].[Id], [c].", "Cards") ? EntityRows.Of(db, statement, [[card]])
            : null;

        Assert.Equal(1, await FlowSteps.BackfillAsync(db, Ct));

        var statements = sql.Statements;
        Assert.Contains(statements, s => s.Contains("INSERT INTO [CardTransitions]", StringComparison.Ordinal));
        foreach (var statement in statements)
            TSqlScripts.AssertParses("flow history backfill", statement);
    }

    /// <summary>The start-up measuring of cards saved before cards kept their measures: the cards, split from their evidence and votes.</summary>
    [Fact]
    public async Task The_card_measures_backfill_reads_and_writes_in_T_SQL()
    {
        await using var sql = new SqlServerRecorder();
        var board = StaleBoard();
        var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], RankKey.Spread(1)[0], Details, "alice", Then);
        var unmeasured = 1;
        var db = sql.Db;
        // The cards, then (split queries) their evidence and votes: none, with the columns EF expects.
        sql.Answer = statement => Selects(statement, "TOP(@p) [c].[Id], [c].", "Cards") ? EntityRows.Of(db, statement, unmeasured-- > 0 ? [[card]] : [])
            : statement.Contains("INNER JOIN [Evidence]", StringComparison.Ordinal) || statement.Contains("INNER JOIN [Votes]", StringComparison.Ordinal)
                ? EntityRows.Of(db, statement, [])
            : null;

        Assert.Equal(1, await CardMeasures.BackfillAsync(db, Ct));

        // The cards, their evidence, their votes; then the next batch, empty. (A card measured as it was saves nothing.)
        var statements = sql.Statements;
        Assert.Equal(4, statements.Count);
        Assert.Contains("INNER JOIN [Evidence]", statements[1], StringComparison.Ordinal);
        Assert.Contains("INNER JOIN [Votes]", statements[2], StringComparison.Ordinal);
        foreach (var statement in statements)
            TSqlScripts.AssertParses("card measures backfill", statement);
    }
}
