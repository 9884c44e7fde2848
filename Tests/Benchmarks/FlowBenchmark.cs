using System.Diagnostics;
using System.Globalization;
using KanbanCustomer.Api.Flow;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Benchmarks;

/// <summary>
/// <c>flowMetrics</c> on a board of <see cref="Cards"/> cards and about <see cref="TargetSteps"/> steps over two years
/// (issue 12): the measures computed uncached (<see cref="FlowReads.MeasureAsync"/>, the work behind a cache miss) for
/// a 90-day window grouped by swimlane, and a few other windows. Per case: the median of <see cref="Runs"/> runs after
/// warm-ups, on SQLite and PostgreSQL.
/// </summary>
public static class FlowBenchmark
{
    public const int Cards = 100_000;
    public const int TargetSteps = 500_000;
    private const int Runs = 15;
    private const int WarmUps = 10; // until the JIT has compiled the hot paths fully, as on a server that has answered a few screens
    private const int Batch = 20_000;
    private const string Viewer = "bench-viewer";
    private const string BoardName = "Flow history";

    private static readonly SwimlaneSpec[] Lanes =
    [
        new("Shoppers", CustomerKind.External), new("Partners", CustomerKind.External),
        new("Support staff", CustomerKind.Internal), new("Finance team", CustomerKind.Internal),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var provider = Option("--provider") ?? "both";
        var keep = args.Contains("--keep");
        Console.WriteLine($"Flow benchmark: {Cards:N0} cards, about {TargetSteps:N0} steps over two years, {Environment.ProcessorCount} cores, {Runs} runs a case");
        if (provider is "sqlite" or "both")
            await BenchmarkDatabases.OnSqliteAsync("flow", connection => MeasureAsync("Sqlite", connection), Option("--sqlite-file"), keep);
        if (provider is "postgres" or "both")
            await BenchmarkDatabases.OnPostgresAsync("flow", connection => MeasureAsync("Postgres", connection), Option("--postgres-database"), keep);

        return 0;
    }

    private static async Task MeasureAsync(string provider, string connection)
    {
        await using var services = BenchmarkDatabases.Services(provider, connection);
        var now = TimeProvider.System.GetUtcNow();
        var boardId = await ExistingBoardAsync(services) ?? await SeedAsync(services, provider, now);

        Console.WriteLine();
        Console.WriteLine($"{provider}: case | median ms | min ms | max ms | median API cpu ms | groups | cards finished | cards in flight now");
        var ninetyDays = TimeSpan.FromDays(90);
        await CaseAsync(services, provider, "last 90 days, by swimlane", boardId, now - ninetyDays, now, FlowGroupBy.Swimlane, "UTC");
        await CaseAsync(services, provider, "last 90 days, not grouped", boardId, now - ninetyDays, now, FlowGroupBy.None, "UTC");
        await CaseAsync(services, provider, "last 90 days, by customer kind, Europe/Berlin", boardId, now - ninetyDays, now, FlowGroupBy.CustomerKind, "Europe/Berlin");
        await CaseAsync(services, provider, "90 days a year ago, by swimlane", boardId, now - TimeSpan.FromDays(455), now - TimeSpan.FromDays(365), FlowGroupBy.Swimlane, "UTC");
        await CaseAsync(services, provider, "last 365 days, by swimlane", boardId, now - TimeSpan.FromDays(365), now, FlowGroupBy.Swimlane, "UTC");
    }

    /// <summary>The board of a database kept from an earlier run (its history ends when that run seeded it).</summary>
    internal static async Task<Guid?> ExistingBoardAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
            return null;
        return await db.Boards.Where(b => b.Name == BoardName).Select(b => (Guid?)b.Id).FirstOrDefaultAsync();
    }

    private static async Task CaseAsync(IServiceProvider services, string provider, string name, Guid boardId, DateTimeOffset from, DateTimeOffset to,
        FlowGroupBy groupBy, string zone)
    {
        var window = FlowWindow.Check(from, to, zone, TimeProvider.System.GetUtcNow());
        FlowMetrics metrics = null!;
        var times = new double[Runs];
        var cpu = new double[Runs];
        using var process = Process.GetCurrentProcess();
        for (var i = -WarmUps; i < Runs; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            metrics = await FlowReads.MeasureAsync(db, boardId, window, groupBy, null, CancellationToken.None);
            if (i >= 0)
            {
                times[i] = stopwatch.Elapsed.TotalMilliseconds;
                process.Refresh();
                cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            }
        }

        Array.Sort(times);
        Array.Sort(cpu);
        var finished = metrics.Groups.Sum(g => g.CycleTime.Count);
        var inFlight = metrics.Groups.Sum(g => g.Age.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {name} | {times[Runs / 2]:0.0} | {times[0]:0.0} | {times[^1]:0.0} | {cpu[Runs / 2]:0} | {metrics.Groups.Count} | {finished:N0} | {inFlight:N0}"));
    }

    /// <summary>
    /// The board: four columns (Reported, Understood = commitment, Experimenting, Solved = done), four lanes, and
    /// <see cref="Cards"/> cards reported evenly over two years, each walking forward with gaps of a few days, some moved
    /// back once, some blocked for a while, a fifth of the solved ones archived. Each card replays its steps through the
    /// domain, so it stands where they leave it; cards and steps are saved directly (no events).
    /// </summary>
    internal static async Task<Guid> SeedAsync(IServiceProvider services, string provider, DateTimeOffset now)
    {
        var stopwatch = Stopwatch.StartNew();
        var start = now - TimeSpan.FromDays(730);
        var board = Board.Create(BoardName, Viewer, start, swimlanes: Lanes);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            if (provider == "Sqlite")
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
            board.ClearChanges();
            db.Boards.Add(board);
            await db.SaveChangesAsync();
        }

        var random = new Random(12);
        var ranks = RankKey.Spread(Cards);
        var steps = new List<(Step Step, Guid CardId, Swimlane Lane)>(TargetSteps + TargetSteps / 4);
        for (var first = 0; first < Cards; first += Batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = first; i < Math.Min(Cards, first + Batch); i++)
            {
                var lane = board.Swimlanes[i % board.Swimlanes.Count];
                var created = start + TimeSpan.FromDays(730.0 * i / Cards);
                var history = History(random, created, now);
                var details = new CardDetails($"Problem {i}", "What the customer told us.", lane.CustomerKind, 1 + random.Next(5), 1 + random.Next(100), [], []);
                var card = Card.Report(board, board.Columns[0], lane, ranks[i], details, Viewer, created);
                for (var k = 1; k < history.Count; k++)
                    Replay(card, board, lane, history[k - 1], history[k]);
                card.ClearChanges();
                db.Cards.Add(card);
                steps.AddRange(history.Select(step => (step, card.Id, lane)));
            }

            await db.SaveChangesAsync();
        }

        // Steps are written as the board lives them: in time order, numbered by the board's event sequence.
        steps.Sort((a, b) => a.Step.At.CompareTo(b.Step.At));
        for (var first = 0; first < steps.Count; first += Batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = first; i < Math.Min(steps.Count, first + Batch); i++)
            {
                var (step, cardId, lane) = steps[i];
                db.CardTransitions.Add(new CardTransition(board.Id, cardId, i + 1, step.At, step.Archived ? null : board.Columns[step.Column].Id,
                    lane.Id, lane.CustomerKind, step.Blocked));
            }

            await db.SaveChangesAsync();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            // Cards saved without events are counted as the CardCounts migration counts a board's cards, and their
            // timelines are packed from their steps as start-up packs those of cards saved before timelines existed.
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            db.CardCounts.AddRange(await CardCounts.CountAsync(db, board.Id, CancellationToken.None));
            await db.SaveChangesAsync();
            await CardTimelines.BackfillAsync(db);
            await db.Database.ExecuteSqlRawAsync(provider == "Sqlite" ? "ANALYZE;" : "VACUUM ANALYZE;");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: seeded {Cards:N0} cards and {steps.Count:N0} steps in {stopwatch.Elapsed.TotalSeconds:F1} s"));
        return board.Id;
    }

    /// <summary>The domain change a step stands for, so the card ends as its steps leave it (column, blocked, archived, last activity).</summary>
    private static void Replay(Card card, Board board, Swimlane lane, Step before, Step step)
    {
        if (step.Archived)
            card.Archive(step.At);
        else if (step.Column != before.Column)
            card.MoveTo(board.Columns[step.Column], lane, card.Rank, step.At);
        else if (step.Blocked)
            card.Block("Waiting for the customer", step.At);
        else
            card.Unblock(step.At);
    }

    private readonly record struct Step(DateTimeOffset At, int Column, bool Blocked, bool Archived);

    /// <summary>One card's steps, oldest first, none after <paramref name="now"/>.</summary>
    private static List<Step> History(Random random, DateTimeOffset created, DateTimeOffset now)
    {
        var steps = new List<Step> { new(created, 0, false, false) };
        var at = created;
        bool Next(double meanDays)
        {
            at += TimeSpan.FromDays(-meanDays * Math.Log(1 - random.NextDouble()));
            return at <= now;
        }

        var column = 0;
        var movedBack = false;
        while (column < 3)
        {
            if (column is 1 or 2 && random.NextDouble() < 0.25)
            {
                if (!Next(1.5))
                    return steps;
                steps.Add(new Step(at, column, true, false));
                if (!Next(2))
                    return steps;
                steps.Add(new Step(at, column, false, false));
            }

            if (!Next(column == 0 ? 6 : 4))
                return steps;
            column = column == 2 && !movedBack && random.NextDouble() < 0.1 ? 1 : column + 1;
            movedBack |= column == 1 && steps[^1].Column == 2;
            steps.Add(new Step(at, column, false, false));
        }

        if (random.NextDouble() < 0.2 && Next(10))
            steps.Add(new Step(at, 3, false, true));
        return steps;
    }
}
