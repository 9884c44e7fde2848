using System.Diagnostics;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>
/// The query-load data, made through the domain model (<see cref="Board.Create"/>, <see cref="Card.Report"/>) and saved
/// with EF <c>AddRange</c> in batches, events skipped: <see cref="SmallBoards"/> boards of 4 columns x 25 cards, and one
/// board of <see cref="BigBoardCards"/> cards. The viewer created every board, so it is a member (admin) of all of them.
/// </summary>
internal static class Seeding
{
    public const string Viewer = "bench-viewer";
    public const int SmallBoards = 10;
    public const int ColumnsPerBoard = 4;
    public const int CardsPerColumn = 25;
    public const int BigBoardCards = 100_000;
    private const int Batch = 10_000;

    private static readonly string[] Words = ["export", "invoice", "login", "checkout", "search", "mobile", "report", "sync", "tax", "refund"];

    public static async Task<SeededIds> SeedAsync(string provider, string connection)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var services = BenchmarkDatabases.Services(provider, connection);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            if (provider == "Sqlite")
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
        }

        var now = TimeProvider.System.GetUtcNow();
        var random = new Random(42);
        Guid smallBoard = default;
        for (var b = 1; b <= SmallBoards; b++)
        {
            // "Board 01" .. "Board 10" sort before "Board 11 (...)": boards(first: 10) are the small ones.
            var board = await AddBoardAsync(services, $"Board {b:00}", now);
            if (b == 1)
                smallBoard = board.Id;
            await AddCardsAsync(services, board, CardsPerColumn * ColumnsPerBoard, random, now);
        }

        var big = await AddBoardAsync(services, $"Board {SmallBoards + 1} ({BigBoardCards:N0} cards)", now);
        await AddCardsAsync(services, big, BigBoardCards, random, now);

        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Database.ExecuteSqlRawAsync("ANALYZE;");
        Console.WriteLine($"{provider}: seeded {SmallBoards} boards of {CardsPerColumn * ColumnsPerBoard} cards and one of {BigBoardCards:N0} in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return new SeededIds(smallBoard, big.Id, big.Columns[0].Id);
    }

    private static async Task<Board> AddBoardAsync(IServiceProvider services, string name, DateTimeOffset now)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var board = Board.Create(name, Viewer, now - TimeSpan.FromDays(30));
        if (board.Columns.Count != ColumnsPerBoard)
            throw new InvalidOperationException($"Expected {ColumnsPerBoard} default columns, got {board.Columns.Count}.");
        db.Boards.Add(board);
        await db.SaveChangesAsync();
        return board;
    }

    /// <summary>Cards spread round-robin over the columns and swimlanes, rank order = creation order within each lane.</summary>
    private static async Task AddCardsAsync(IServiceProvider services, Board board, int count, Random random, DateTimeOffset now)
    {
        var columns = board.Columns;
        var lanes = board.Swimlanes;
        var ranks = RankKey.Spread(count);
        for (var start = 0; start < count; start += Batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = new List<Card>(Math.Min(Batch, count - start));
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var lane = lanes[i / columns.Count % lanes.Count];
                var details = new CardDetails(
                    $"Customers cannot {Words[random.Next(Words.Length)]} ({i})",
                    "What the customer told us, in their words.",
                    lane.CustomerKind, 1 + random.Next(5), 1 + random.Next(1000), [], []);
                var card = Card.Report(board, columns[i % columns.Count], lane, ranks[i], details, Viewer, now - TimeSpan.FromMinutes(count - i));
                card.ClearChanges();
                batch.Add(card);
            }

            db.Cards.AddRange(batch);
            await db.SaveChangesAsync();
        }
    }
}
