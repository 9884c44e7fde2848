using System.Diagnostics;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>
/// The query-load data, made through the domain model (<see cref="Board.Create"/>, <see cref="Card.Report"/>,
/// <see cref="Customer.Add"/>, <see cref="Card.AddEvidence(EvidenceKind, string, string?, Customer?, EvidenceProximity, string, DateTimeOffset, DateTimeOffset?)"/>)
/// and saved with EF <c>AddRange</c> in batches, events skipped: <see cref="SmallBoards"/> boards of 4 columns x 25 cards,
/// and one board of <see cref="BigBoardCards"/> cards. Every <see cref="EvidenceEvery"/>th card has one to three pieces of
/// evidence of the last year, most naming one of the board's customers, at every proximity; every tenth card a vote. The
/// viewer created every board, so it is a member (admin) of all of them.
/// </summary>
internal static class Seeding
{
    public const string Viewer = "bench-viewer";
    public const int SmallBoards = 10;
    public const int ColumnsPerBoard = 4;
    public const int CardsPerColumn = 25;
    public const int BigBoardCards = 100_000;
    private const int Batch = 10_000;
    private const int EvidenceEvery = 4;
    private const int CustomersPerSmallBoard = 10;
    private const int CustomersOnBigBoard = 500;

    /// <summary>The score bound of <c>big-board-score-page</c>: a few percent of the big board's cards reach it (the seed prints how many).</summary>
    public const double ScoreBound = 30;

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
            await AddCardsAsync(services, board, CardsPerColumn * ColumnsPerBoard, await AddCustomersAsync(services, board, CustomersPerSmallBoard, now), random, now);
        }

        var big = await AddBoardAsync(services, $"Board {SmallBoards + 1} ({BigBoardCards:N0} cards)", now);
        var scored = await AddCardsAsync(services, big, BigBoardCards, await AddCustomersAsync(services, big, CustomersOnBigBoard, now), random, now);
        Console.WriteLine($"{provider}: {scored:N0} cards of the big board score at least {ScoreBound}");

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

    /// <summary>Customers of the board, alternately external and internal, each in the lane of its kind.</summary>
    private static async Task<List<Customer>> AddCustomersAsync(IServiceProvider services, Board board, int count, DateTimeOffset now)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var customers = new List<Customer>(count);
        for (var i = 0; i < count; i++)
        {
            var lane = board.Swimlanes[i % board.Swimlanes.Count];
            var customer = Customer.Add(board, new CustomerDetails($"Customer {i:000}", lane.CustomerKind, lane.Id, $"CRM-{i}", null), Viewer, now);
            customer.ClearChanges();
            customers.Add(customer);
        }

        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        return customers;
    }

    /// <summary>
    /// Cards spread round-robin over the columns and swimlanes, rank order = creation order within each lane; evidence and
    /// votes on a share of them. Returns how many score at least <see cref="ScoreBound"/> now.
    /// </summary>
    private static async Task<int> AddCardsAsync(IServiceProvider services, Board board, int count, List<Customer> customers, Random random, DateTimeOffset now)
    {
        var columns = board.Columns;
        var lanes = board.Swimlanes;
        var ranks = RankKey.Spread(count);
        var scored = 0;
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
                if (i % EvidenceEvery == 0)
                    AddEvidence(card, customers, random, now);
                if (i % 10 == 0)
                    card.CastVote($"bench-voter-{random.Next(5)}", now);
                card.ClearChanges();
                scored += card.ScoreAt(now) >= ScoreBound ? 1 : 0;
                batch.Add(card);
            }

            db.Cards.AddRange(batch);
            await db.SaveChangesAsync();
        }

        return scored;
    }

    /// <summary>One to three pieces from the last year, two in three naming a customer, at a random proximity.</summary>
    private static void AddEvidence(Card card, List<Customer> customers, Random random, DateTimeOffset now)
    {
        for (var piece = 1 + random.Next(3); piece > 0; piece--)
        {
            var customer = random.Next(3) == 0 ? null : customers[random.Next(customers.Count)];
            var proximity = (EvidenceProximity)random.Next(3);
            card.AddEvidence(EvidenceKind.Quote, "What the customer said, in their words.", "support", customer, proximity, Viewer, now,
                now - TimeSpan.FromDays(random.NextDouble() * 365));
        }
    }
}
