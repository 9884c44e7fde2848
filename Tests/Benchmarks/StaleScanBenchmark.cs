using System.Diagnostics;
using System.Globalization;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Benchmarks;

/// <summary>
/// One stale scan over N cards (default 1,000,000) on SQLite (a temporary file) and, where reachable, PostgreSQL
/// (a throw-away database): seeds 100 boards' worth of cards per million with about 1% overdue, then runs one
/// <see cref="StaleScanJob"/> in a process of its own so its peak resident memory is the scan's alone.
/// </summary>
public static class StaleScanBenchmark
{
    private const int CardsPerBoard = 10_000;
    private const int SeedBatch = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var cards = args.Length > 0 ? int.Parse(args[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : 1_000_000;
        Console.WriteLine($"Stale-scan benchmark: {cards:N0} cards, {Environment.ProcessorCount} cores");
        var results = new List<string>();

        async Task MeasureAsync(string provider, string connection)
        {
            await SeedAsync(provider, connection, cards);
            results.Add(await ScanInChildAsync(provider, connection));
        }

        await BenchmarkDatabases.OnSqliteAsync("stale-bench", connection => MeasureAsync("Sqlite", connection));
        await BenchmarkDatabases.OnPostgresAsync("bench", connection => MeasureAsync("Postgres", connection));

        Console.WriteLine();
        Console.WriteLine("provider | cards | examined | flagged | boards | deliveries | scan s | allocated MiB | managed heap MiB | peak RSS MiB | next scan s");
        foreach (var line in results)
            Console.WriteLine(line);
        return 0;
    }

    /// <summary>The child's half: one scan on an already seeded database, one result line on stdout.</summary>
    public static async Task<int> ScanOnceAsync(string[] args)
    {
        var (provider, connection) = (args[0], args[1]);
        await using var services = BenchmarkDatabases.Services(provider, connection);
        await using var scope = services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<StaleScanJob>();
        var cards = await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Cards.CountAsync();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var result = await job.RunAsync(CancellationToken.None);
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64;

        // The steady state: the same scan again, with nothing newly overdue.
        await using var again = services.CreateAsyncScope();
        var second = Stopwatch.StartNew();
        var idle = await again.ServiceProvider.GetRequiredService<StaleScanJob>().RunAsync(CancellationToken.None);
        second.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider,-8} | {cards,9:N0} | {result.CardsExamined,8:N0} | {result.Flagged,7:N0} | {result.Boards,6} | {result.Deliveries,10} | {stopwatch.Elapsed.TotalSeconds,6:F2} | {allocated / 1048576.0,13:F1} | {heap / 1048576.0,16:F1} | {peak / 1048576.0,12:F1} | {second.Elapsed.TotalSeconds,6:F2} ({idle.Flagged} flagged)"));
        return 0;
    }

    private static async Task<string> ScanInChildAsync(string provider, string connection)
    {
        Console.WriteLine($"{provider}: scanning in a process of its own ...");
        var self = Environment.ProcessPath!;
        var info = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(StaleScanBenchmark).Assembly.Location, "stale-scan-run", provider, connection])
            : new ProcessStartInfo(self, ["stale-scan-run", provider, connection]);
        info.RedirectStandardOutput = true;
        using var child = Process.Start(info) ?? throw new InvalidOperationException("Could not start the scan process.");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"The scan process failed ({child.ExitCode}):\n{output}");
        return output.Trim();
    }

    /// <summary>
    /// Boards of <see cref="CardsPerBoard"/> cards in the default columns (7, 14, 14 days, done) with one webhook each.
    /// Every hundredth card is overdue by a day; the others are within their threshold, or done.
    /// </summary>
    private static async Task SeedAsync(string provider, string connection, int cardCount)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var services = BenchmarkDatabases.Services(provider, connection);
        var now = TimeProvider.System.GetUtcNow();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            if (provider == "Sqlite")
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
        }

        var boardCount = (cardCount + CardsPerBoard - 1) / CardsPerBoard;
        var random = new Random(42);
        var ranks = RankKey.Spread(CardsPerBoard);
        var seeded = 0;
        var details = new CardDetails("A customer problem nobody touched", "They cannot export their data.", CustomerKind.External, 3, 10, [], []);
        for (var b = 0; b < boardCount; b++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var board = Board.Create($"Benchmark board {b}", "bench", now - TimeSpan.FromDays(400));
            db.Boards.Add(board);
            db.Webhooks.Add(new Webhook(board.Id, "http://127.0.0.1:9/digest", "benchmark-secret-0123", true, "bench", now));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();

            var columns = board.Columns;
            var lanes = board.Swimlanes;
            var onBoard = Math.Min(CardsPerBoard, cardCount - seeded);
            for (var start = 0; start < onBoard; start += SeedBatch)
            {
                var batch = new List<Card>(SeedBatch);
                for (var i = start; i < Math.Min(onBoard, start + SeedBatch); i++)
                {
                    var overdue = (seeded + i) % 100 == 0;
                    var column = overdue ? columns[i % 3] : columns[random.Next(4)];
                    var threshold = column.StaleAfter ?? TimeSpan.FromDays(30);
                    var age = overdue
                        ? threshold + TimeSpan.FromDays(1)
                        : TimeSpan.FromMinutes(random.Next(1, (int)(threshold.TotalMinutes * 0.9)));
                    var card = Card.Report(board, column, lanes[i % lanes.Count], ranks[i], details, "bench", now - age);
                    card.ClearChanges();
                    batch.Add(card);
                }

                db.Cards.AddRange(batch);
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            seeded += onBoard;
            if (b % 10 == 9 || seeded == cardCount)
                Console.WriteLine($"{provider}: seeded {seeded:N0} cards on {b + 1} boards ({stopwatch.Elapsed.TotalSeconds:F0} s)");
        }

        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Database.ExecuteSqlRawAsync("ANALYZE;");
        Console.WriteLine($"{provider}: seeding took {stopwatch.Elapsed.TotalSeconds:F0} s");
    }
}
