using System.Text.Json;
using KanbanCustomer.Api.Flow;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// flowMetrics over small histories made through the API with the fake clock, each answer worked out by hand below.
/// Days are UTC unless a test says otherwise; D0 is the next UTC midnight when the test starts.
/// </summary>
public abstract partial class FlowMetricsTests(KanbanApp app) : CardMutationTestBase(app)
{
    private const string Groups = """
        groups { key sle cycleTime { p50 p85 p95 count histogram { days count } }
                 throughput { date count } wip { date count } age { cardId days isAtRisk } atRisk { cardId }
                 cumulativeFlow { columnName days { date count } } blockedDays { total perCycle } }
        """;

    private static readonly object[] FourColumns =
    [
        new { name = "Backlog" },
        new { name = "Doing", isCommitmentPoint = true },
        new { name = "Review" },
        new { name = "Done", isDone = true },
    ];

    [Fact]
    public async Task Back_and_forth_a_reopen_a_blocked_span_and_an_archive_give_the_hand_worked_measures()
    {
        var d0 = NextMidnight();
        var board = await Alice.CreateTeamBoardAsync("Flow", columns: FourColumns);
        var (backlog, doing, review, done) = (board.ColumnIds[0], board.ColumnIds[1], board.ColumnIds[2], board.ColumnIds[3]);
        At(d0, 9);
        var a = (await Alice.CreateCardAsync(board.BoardId, "A")).Str("id");
        var b = (await Alice.CreateCardAsync(board.BoardId, "B")).Str("id");
        var c = (await Alice.CreateCardAsync(board.BoardId, "C")).Str("id");
        await MoveAsync(a, doing, d0, 10);                 // A starts
        await MoveAsync(b, doing, d0, 11);                 // B starts
        await MoveAsync(a, backlog, d0, 12);               // back: A's cycle continues
        await MoveAsync(a, doing, d0, 13);
        At(d0, 14);
        CardOf(await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId = b, reason = "Waiting" }), "blockCard");
        At(d0.AddDays(1), 14);                              // blocked exactly one day
        CardOf(await Alice.ChangeCardAsync("unblockCard", "CardChangeInput", new { cardId = b }), "unblockCard");
        await MoveAsync(a, done, d0.AddDays(1), 18);       // finished ... 
        await MoveAsync(b, done, d0.AddDays(2), 10);       // B: 47 hours
        await MoveAsync(a, review, d0.AddDays(2), 12);     // ... reopened: the D1 finish no longer counts
        await MoveAsync(a, done, d0.AddDays(3), 10);       // A: 72 hours from its first commitment
        await MoveAsync(c, doing, d0.AddDays(3), 11);
        At(d0.AddDays(3), 12);
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = c }), "archiveCard");
        At(d0.AddDays(4), 1);

        var group = Single(await FlowAsync(board.BoardId, d0, d0.AddDays(4)));

        var b47 = Math.Round(47 / 24.0, 9);
        Assert.Equal((2, b47, 3.0, 3.0), (group.Number("cycleTime.count"), Dbl(group, "cycleTime.p50"), Dbl(group, "cycleTime.p85"), Dbl(group, "cycleTime.p95")));
        Assert.Equal([(1, 1), (3, 1)], group.At("cycleTime.histogram").EnumerateArray().Select(h => (h.Number("days"), h.Number("count"))));
        Assert.Equal([0, 0, 1, 1], Counts(group, "throughput"));
        // End of D0: A (in the backlog, but committed) and B; D1: B; D2: A reopened; D3: none (C archived).
        Assert.Equal([2, 1, 1, 0], Counts(group, "wip"));
        Assert.Equal(3.0, Dbl(group, "sle"));
        Assert.Empty(group.At("age").EnumerateArray());
        Assert.Equal((1.0, 0.5), (Dbl(group, "blockedDays.total"), Dbl(group, "blockedDays.perCycle")));
        var flow = group.At("cumulativeFlow").EnumerateArray().ToList();
        Assert.Equal(["Backlog", "Doing", "Review", "Done"], flow.Select(f => f.Str("columnName")));
        // End of D0: C in the backlog, A (back since 13:00) and B doing. End of D3: A and B done; C archived unfinished drops out.
        Assert.Equal([3, 2, 0, 0], flow.Select(f => Counts(f, "days")[0]));
        Assert.Equal([2, 2, 2, 2], flow.Select(f => Counts(f, "days")[3]));
    }

    [Fact]
    public async Task Cards_in_flight_have_an_age_and_those_older_than_the_sle_are_at_risk()
    {
        var d0 = NextMidnight();
        var board = await Alice.CreateTeamBoardAsync("Ages", columns: FourColumns);
        var (doing, done) = (board.ColumnIds[1], board.ColumnIds[3]);
        At(d0, 1);
        var x = (await Alice.CreateCardAsync(board.BoardId, "X", columnId: doing)).Str("id");
        At(d0, 2);
        var y = (await Alice.CreateCardAsync(board.BoardId, "Y", columnId: doing)).Str("id");
        await MoveAsync(x, done, d0.AddDays(1), 1);        // X: one day, so the SLE is one day
        At(d0.AddDays(1), 14);
        var z = (await Alice.CreateCardAsync(board.BoardId, "Z", columnId: doing)).Str("id");
        At(d0.AddDays(2), 2);                               // now: Y is 2 days old, Z half a day

        var group = Single(await FlowAsync(board.BoardId, d0, d0.AddDays(5)));

        Assert.Equal(1.0, Dbl(group, "sle"));
        Assert.Equal([(y, 2.0, true), (z, 0.5, false)],
            group.At("age").EnumerateArray().Select(e => (e.Str("cardId"), e.At("days").GetDouble(), e.At("isAtRisk").GetBoolean())));
        Assert.Equal([y], group.At("atRisk").EnumerateArray().Select(e => e.Str("cardId")));
        Assert.Equal(3, Counts(group, "wip").Count); // the days up to now only
        var cards = await Task.WhenAll(new[] { x, y, z }.Select(id => Alice.CardAsync(id, "age isAtRisk")));
        Assert.Equal(JsonValueKind.Null, cards[0].At("age").ValueKind);
        Assert.Equal(JsonValueKind.Null, cards[0].At("isAtRisk").ValueKind);
        Assert.Equal((2.0, true), (cards[1].At("age").GetDouble(), cards[1].At("isAtRisk").GetBoolean()));
        Assert.Equal((0.5, false), (cards[2].At("age").GetDouble(), cards[2].At("isAtRisk").GetBoolean()));
        // A board screen asks for them all in one request: one flow computation for the board.
        var listed = (await Alice.BoardAsync(board.BoardId, "columns { cards(first: 10) { nodes { id isAtRisk } } }"))
            .At("columns").EnumerateArray().SelectMany(c => c.Nodes("cards"))
            .ToDictionary(c => c.Str("id"), c => c.At("isAtRisk").ValueKind == JsonValueKind.Null ? (bool?)null : c.At("isAtRisk").GetBoolean());
        Assert.Equal(new Dictionary<string, bool?> { [x] = null, [y] = true, [z] = false }, listed);
    }

    [Fact]
    public async Task Days_are_cut_in_the_callers_time_zone()
    {
        var d0 = NextMidnight();
        var board = await Alice.CreateTeamBoardAsync("Zones", columns: FourColumns);
        At(d0, 1);
        var card = (await Alice.CreateCardAsync(board.BoardId, "Late", columnId: board.ColumnIds[1])).Str("id");
        At(d0.AddDays(1), 23);
        await Alice.MoveCardAsync(card, board.ColumnIds[3]);   // 23:00 UTC on D1 is past midnight in Asia/Tokyo (UTC+9, no summer time)
        At(d0.AddDays(3), 0);

        var utc = Single(await FlowAsync(board.BoardId, d0, d0.AddDays(3)));
        var tokyo = Single(await FlowAsync(board.BoardId, d0, d0.AddDays(3), "Asia/Tokyo"));

        Assert.Equal([0, 1, 0], Counts(utc, "throughput"));
        // Tokyo's days: D0 from 09:00 local (the window's start), D1, D2, and D3 until 09:00 local; the finish falls on D2.
        Assert.Equal([DateOnly.FromDateTime(d0.UtcDateTime).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
            tokyo.At("throughput").EnumerateArray().Where(d => d.Number("count") == 1).Select(d => d.Str("date")));
        Assert.Equal(4, Counts(tokyo, "throughput").Count);
        // Tokyo's D1 ends at 15:00 UTC on D1, before the finish: the card is still in flight then.
        Assert.Equal([1, 1, 0, 0], Counts(tokyo, "wip"));
        Assert.Equal([1, 0, 0], Counts(utc, "wip"));
    }

    [Fact]
    public async Task A_board_without_finished_cards_answers_with_empty_percentiles()
    {
        var board = await Alice.CreateTeamBoardAsync("Quiet", columns: FourColumns);
        await Alice.CreateCardAsync(board.BoardId, "Waiting");
        var now = App.Clock.GetUtcNow();

        var group = Single(await FlowAsync(board.BoardId, now.AddDays(-7), now.AddDays(1)));

        Assert.Equal(0, group.Number("cycleTime.count"));
        foreach (var field in new[] { "cycleTime.p50", "cycleTime.p85", "cycleTime.p95", "sle", "blockedDays.perCycle" })
            Assert.Equal(JsonValueKind.Null, group.At(field).ValueKind);
        Assert.Empty(group.At("cycleTime.histogram").EnumerateArray());
    }

    [Fact]
    public async Task Cards_are_grouped_by_swimlane_and_by_customer_kind()
    {
        var board = await Alice.CreateTeamBoardAsync("Groups", columns: FourColumns);
        await Alice.CreateCardAsync(board.BoardId, "Outside", columnId: board.ColumnIds[1], swimlaneId: board.SwimlaneIds[0]);
        await Alice.CreateCardAsync(board.BoardId, "Inside", columnId: board.ColumnIds[1], swimlaneId: board.SwimlaneIds[1]);
        await Alice.CreateCardAsync(board.BoardId, "Inside too", columnId: board.ColumnIds[1], swimlaneId: board.SwimlaneIds[1]);
        var now = App.Clock.GetUtcNow();

        var lanes = await FlowAsync(board.BoardId, now.AddDays(-1), now.AddDays(1), groupBy: "SWIMLANE");
        var kinds = await FlowAsync(board.BoardId, now.AddDays(-1), now.AddDays(1), groupBy: "CUSTOMER_KIND");

        Assert.Equal(new[] { board.SwimlaneIds[0], board.SwimlaneIds[1] }.Order(StringComparer.Ordinal), lanes.Select(g => g.Str("key")));
        Assert.Equal(3, lanes.Sum(g => g.At("age").GetArrayLength()));
        Assert.Equal(["EXTERNAL", "INTERNAL"], kinds.Select(g => g.Str("key")));
        Assert.Equal([1, 2], kinds.Select(g => g.At("age").GetArrayLength()));
    }

    [Fact]
    public async Task Cards_that_stood_still_since_before_the_window_count_where_they_stand()
    {
        var d0 = NextMidnight();
        var board = await Alice.CreateTeamBoardAsync("Still", columns: FourColumns);
        var (doing, done) = (board.ColumnIds[1], board.ColumnIds[3]);
        At(d0, 9);
        await Alice.CreateCardAsync(board.BoardId, "Waiting in the backlog");
        var solved = (await Alice.CreateCardAsync(board.BoardId, "Solved, then archived")).Str("id");
        var dropped = (await Alice.CreateCardAsync(board.BoardId, "Started, then archived")).Str("id");
        var working = (await Alice.CreateCardAsync(board.BoardId, "In flight")).Str("id");
        await MoveAsync(solved, done, d0, 10);
        await MoveAsync(dropped, doing, d0, 10);
        await MoveAsync(working, doing, d0, 10);
        At(d0, 11);
        foreach (var card in new[] { solved, dropped })
            CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = card }), "archiveCard");
        At(d0.AddDays(4), 1);

        // Nothing moves from D2 on: the backlog card and the solved one stand where they are (an archived card that
        // finished stays in its done column), the card archived in flight is gone, the one in flight is still there.
        var late = Single(await FlowAsync(board.BoardId, d0.AddDays(2), d0.AddDays(5)));
        var whole = Single(await FlowAsync(board.BoardId, d0, d0.AddDays(5)));

        Assert.Equal([[3, 3, 3], [2, 2, 2], [1, 1, 1], [1, 1, 1]], Bands(late));
        Assert.Equal([1, 1, 1], Counts(late, "wip"));
        Assert.Equal([working], late.At("age").EnumerateArray().Select(a => a.Str("cardId")));
        Assert.Equal(4.0 - 10 / 24.0 + 1 / 24.0, Dbl(late, "age.0.days"), 6);
        Assert.Equal(Bands(late), Bands(whole).Select(b => b.Skip(2).ToList()));
        Assert.Equal(Counts(late, "wip"), Counts(whole, "wip").Skip(2));
    }

    [Fact]
    public async Task Only_the_cards_that_where_selects_are_measured()
    {
        var d0 = NextMidnight();
        var board = await Alice.CreateTeamBoardAsync("Selected", columns: FourColumns);
        At(d0, 9);
        var export = (await Alice.CreateCardAsync(board.BoardId, "Export fails", swimlaneId: board.SwimlaneIds[1])).Str("id");
        var login = (await Alice.CreateCardAsync(board.BoardId, "Login is slow", swimlaneId: board.SwimlaneIds[0])).Str("id");
        foreach (var (card, hour) in new[] { (export, 10), (login, 13) })
        {
            await MoveAsync(card, board.ColumnIds[1], d0, hour);
            await MoveAsync(card, board.ColumnIds[3], d0, hour + 2);
        }

        At(d0.AddDays(1), 1);
        var data = await Bob.DataAsync(
            $"query($b: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!, $w: CardFilterInput) {{ all: flowMetrics(boardId: $b, from: $f, to: $t) {{ {Groups} }} some: flowMetrics(boardId: $b, from: $f, to: $t, where: $w) {{ {Groups} }} }}",
            new { b = board.BoardId, f = d0, t = d0.AddDays(1), w = new { title = new { contains = "Export" } } });
        var refused = await Bob.SendAsync(
            "query($b: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!) { flowMetrics(boardId: $b, from: $f, to: $t, where: { and: [] }) { groups { key } } }",
            new { b = board.BoardId, f = d0, t = d0.AddDays(1) });

        Assert.Equal(2, data.At("all.groups.0.cycleTime.count").GetInt32());
        Assert.Equal(1, data.At("some.groups.0.cycleTime.count").GetInt32());
        Assert.Equal([1, 1, 1, 1], Bands(data.At("some.groups.0")).Select(b => b.Single()));
        Assert.Equal("VALIDATION", refused.ErrorCode);
    }

    [Fact]
    public async Task A_move_counts_at_once_though_the_minute_is_not_over()
    {
        var board = await Alice.CreateTeamBoardAsync("Mid-minute", columns: FourColumns);
        At(NextMidnight(), 9);
        var card = (await Alice.CreateCardAsync(board.BoardId, "Early")).Str("id");
        var before = Single(await FlowAsync(board.BoardId, NextMidnight().AddDays(-2), NextMidnight()));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        CardOf(await Alice.MoveCardAsync(card, board.ColumnIds[1]), "moveCard");

        var after = Single(await FlowAsync(board.BoardId, NextMidnight().AddDays(-2), NextMidnight()));

        Assert.Equal((0, 1), (before.At("age").GetArrayLength(), after.At("age").GetArrayLength()));
    }

    [Fact]
    public async Task Measures_are_kept_until_the_board_is_written_to()
    {
        var board = await Alice.CreateTeamBoardAsync("Cached", columns: FourColumns);
        var card = (await Alice.CreateCardAsync(board.BoardId, "Moving")).Str("id");
        var boardId = KanbanCustomer.Api.Common.Ids.Parse(board.BoardId, "Board");
        var now = App.Clock.GetUtcNow();
        var reads = App.Services.GetRequiredService<FlowReads>();
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        Task<FlowMetrics> MeasureAsync() => reads.MetricsAsync(db, boardId, now.AddDays(-1), now.AddDays(1), FlowGroupBy.None, "UTC", null, TestContext.Current.CancellationToken);

        var first = await MeasureAsync();
        var again = await MeasureAsync();
        CardOf(await Alice.MoveCardAsync(card, board.ColumnIds[1]), "moveCard");
        var afterWrite = await MeasureAsync();

        Assert.Same(first, again);
        Assert.NotSame(first, afterWrite);
        Assert.Equal((0, 1), (first.Groups[0].Age.Count, afterWrite.Groups[0].Age.Count));
    }

    [Theory]
    [InlineData(2, 1, "UTC", "from")]
    [InlineData(0, 1200, "UTC", "to")]
    [InlineData(0, 1, "Mars/Olympus_Mons", "timeZone")]
    public async Task A_bad_window_or_time_zone_is_refused(int fromDays, int toDays, string timeZone, string field)
    {
        var board = await Alice.CreateTeamBoardAsync("Refusals");
        var now = App.Clock.GetUtcNow();

        var response = await Alice.SendAsync(
            "query($b: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!, $z: String) { flowMetrics(boardId: $b, from: $f, to: $t, timeZone: $z) { groups { key } } }",
            new { b = board.BoardId, f = now.AddDays(fromDays), t = now.AddDays(toDays), z = timeZone });

        AssertRefused(response, "VALIDATION", field);
    }

    private async Task<List<JsonElement>> FlowAsync(string boardId, DateTimeOffset from, DateTimeOffset to, string timeZone = "UTC", string groupBy = "NONE")
    {
        var data = await Bob.DataAsync(
            $"query($b: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!, $z: String, $g: FlowGroupBy) {{ flowMetrics(boardId: $b, from: $f, to: $t, timeZone: $z, groupBy: $g) {{ {Groups} }} }}",
            new { b = boardId, f = from, t = to, z = timeZone, g = groupBy });
        return data.At("flowMetrics.groups").EnumerateArray().ToList();
    }

    private static JsonElement Single(List<JsonElement> groups) => Assert.Single(groups);

    private static double Dbl(JsonElement element, string path) => Math.Round(element.At(path).GetDouble(), 9);

    private static List<List<int>> Bands(JsonElement group) =>
        group.At("cumulativeFlow").EnumerateArray().Select(band => Counts(band, "days")).ToList();

    private static List<int> Counts(JsonElement element, string path) => element.At(path).EnumerateArray().Select(d => d.Number("count")).ToList();

    private DateTimeOffset NextMidnight()
    {
        var now = App.Clock.GetUtcNow();
        return new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
    }

    private void At(DateTimeOffset day, int hour) => App.Clock.SetUtcNow(day.AddHours(hour));

    private async Task MoveAsync(string cardId, string columnId, DateTimeOffset day, int hour)
    {
        At(day, hour);
        CardOf(await Alice.MoveCardAsync(cardId, columnId), "moveCard");
    }
}

public sealed class SqliteFlowMetricsTests(SqliteApp app) : FlowMetricsTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresFlowMetricsTests(PostgresApp app) : FlowMetricsTests(app), IClassFixture<PostgresApp>;
