using System.Diagnostics;
using System.Globalization;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Benchmarks.QueryLoad;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Watching;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Benchmarks;

/// <summary>
/// Issue 13's fan-out: <c>addComment</c> latency (the HTTP round trip, sequential) on a card with 1 watcher and on one
/// with 1,000, the real API in this process with its notification worker running; then how long the fan-out took to
/// write every notification. Watchers are members, written straight to the database before the run.
/// </summary>
public static class CommentFanOutBenchmark
{
    private const int Warmup = 20;
    private const int Comments = 100;
    private const int ManyWatchers = 1_000;
    private const string Owner = "bench-owner";

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? "both";
        Console.WriteLine($"Comment fan-out benchmark: {Comments} comments a card after {Warmup} warm-ups, {Environment.ProcessorCount} cores");
        Console.WriteLine("provider | watchers | p50 ms | p95 ms | max ms | notifications written | fan-out done after the last comment");
        if (provider is "sqlite" or "both")
            await BenchmarkDatabases.OnSqliteAsync("comments", connection => MeasureAsync("Sqlite", connection));
        if (provider is "postgres" or "both")
            await BenchmarkDatabases.OnPostgresAsync("comments", connection => MeasureAsync("Postgres", connection));

        return 0;
    }

    private static async Task MeasureAsync(string provider, string connection)
    {
        await using var host = new ApiHost(provider, connection, responseCache: false);
        using var http = new HttpClient { BaseAddress = host.Start() };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ApiHost.TokenFor(Owner));
        var board = await FanOutBenchmark.GraphQLAsync(http, "mutation { createBoard(input: { name: \"Comments\" }) { board { id } } }", null);
        var boardId = board.GetProperty("createBoard").GetProperty("board").GetProperty("id").GetString()!;
        var few = await CardAsync(http, boardId, "Watched by one");
        var many = await CardAsync(http, boardId, "Watched by a thousand");
        await WatchAsync(host.Services, Ids.Parse(boardId, "Board"), Ids.Parse(few, "Card"), Ids.Parse(many, "Card"));

        foreach (var (cardId, watchers) in new[] { (few, 1), (many, ManyWatchers) })
        {
            for (var i = 0; i < Warmup; i++)
                await CommentAsync(http, cardId, i);
            var times = new List<double>(Comments);
            for (var i = 0; i < Comments; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await CommentAsync(http, cardId, i);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var lastComment = Stopwatch.GetTimestamp();
            var expected = (long)(Warmup + Comments) * watchers;
            var written = await NotificationsAsync(host.Services, Ids.Parse(cardId, "Card"));
            while (written < expected && Stopwatch.GetElapsedTime(lastComment) < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(100);
                written = await NotificationsAsync(host.Services, Ids.Parse(cardId, "Card"));
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider} | {watchers:N0} | {times[times.Count / 2]:0.0} | {times[(int)(times.Count * 0.95)]:0.0} | {times[^1]:0.0} | {written:N0} of {expected:N0} | {Stopwatch.GetElapsedTime(lastComment).TotalSeconds:0.0} s"));
        }
    }

    private static async Task<string> CardAsync(HttpClient http, string boardId, string title) =>
        (await FanOutBenchmark.GraphQLAsync(http, "mutation($b: ID!, $t: String!) { createCard(input: { boardId: $b, title: $t }) { card { id } } }", new { b = boardId, t = title }))
            .GetProperty("createCard").GetProperty("card").GetProperty("id").GetString()!;

    private static Task<System.Text.Json.JsonElement> CommentAsync(HttpClient http, string cardId, int i) =>
        FanOutBenchmark.GraphQLAsync(http, "mutation($c: ID!, $t: String!) { addComment(input: { cardId: $c, text: $t }) { comment { id } } }",
            new { c = cardId, t = $"Comment {i}: what the customer said on the phone." });

    /// <summary>Members w0 .. w999, all watching the second card; w0 also the first.</summary>
    private static async Task WatchAsync(IServiceProvider services, Guid boardId, Guid few, Guid many)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var board = await db.Boards.Include(b => b.Members).SingleAsync(b => b.Id == boardId);
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < ManyWatchers; i++)
        {
            board.AddMember($"w{i}", BoardRole.Member, Owner, now);
            db.CardWatches.Add(new CardWatch(boardId, many, $"w{i}", now));
        }

        db.CardWatches.Add(new CardWatch(boardId, few, "w0", now));
        await db.SaveChangesAsync();
    }

    private static async Task<long> NotificationsAsync(IServiceProvider services, Guid cardId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Notifications.LongCountAsync(n => n.CardId == cardId);
    }
}
