using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Benchmarks;

/// <summary>
/// One card move delivered to N WebSocket subscribers of one API instance (its own process, SQLite file):
/// prints p50 / p99 / max delivery latency (from sending the mutation to each subscriber's receipt) and the
/// server's resident memory per open subscription.
/// </summary>
public static class FanOutBenchmark
{
    private const int Rounds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100, 1000];
        var dbPath = Path.Combine(Path.GetTempPath(), $"kanban-bench-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Kanban"] = $"Data Source={dbPath}",
            ["Database:SeedDemoData"] = "false",
            ["GraphQL:RateLimit:Enabled"] = "false",
            ["GraphQL:WebSocket:MaxConnectionsPerUser"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        }.WithAuth();
        static string Token(string user) => BenchmarkAuth.TokenFor(user, TimeSpan.FromHours(1));

        await using var server = new ApiProcess(settings);
        await server.StartAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token("bench-admin"));

        Console.WriteLine($"Fan-out benchmark: one API process (SQLite), {Environment.ProcessorCount} cores, {Rounds} moves per size");
        Console.WriteLine("subscribers | p50 ms | p99 ms | max ms | server RSS per subscription KiB");
        foreach (var size in sizes)
        {
            var (boardId, cardId, columns) = await SetUpBoardAsync(http, size);
            var rssBefore = ResidentKiB(server);
            var clients = new List<GraphQLWsClient>(size);
            for (var i = 0; i < size; i++)
            {
                var client = await GraphQLWsClient.ConnectAsync(server.BaseAddress, Token($"viewer-{i}"), CancellationToken.None);
                await client.SubscribeAsync("s", "subscription($b: ID!) { boardEvents(boardId: $b) { seq type } }", new { b = boardId });
                clients.Add(client);
            }

            await Task.Delay(500); // let the last subscriptions reach the feed before anything moves
            var rssPerSubscription = (ResidentKiB(server) - rssBefore) / (double)size;
            var latencies = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                var receipts = clients.Select(async c =>
                {
                    await c.NextPayloadsAsync("s", 1, TimeSpan.FromSeconds(60));
                    return Stopwatch.GetTimestamp();
                }).ToList();
                var sent = Stopwatch.GetTimestamp();
                await MoveAsync(http, cardId, columns[(round + 1) % columns.Count]);
                foreach (var receipt in await Task.WhenAll(receipts))
                    latencies.Add(Stopwatch.GetElapsedTime(sent, receipt).TotalMilliseconds);
            }

            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,11} | {Percentile(latencies, 0.50),6:F1} | {Percentile(latencies, 0.99),6:F1} | {latencies[^1],6:F1} | {rssPerSubscription,8:F1}"));
            foreach (var client in clients)
                await client.DisposeAsync();
        }

        File.Delete(dbPath);
        return 0;
    }

    private static async Task<(string BoardId, string CardId, List<string> Columns)> SetUpBoardAsync(HttpClient http, int viewers)
    {
        var board = await GraphQLAsync(http, "mutation { createBoard(input: { name: \"Fan-out\" }) { board { id columns { id } } } }", null);
        var boardId = board.GetProperty("createBoard").GetProperty("board").GetProperty("id").GetString()!;
        var columns = board.GetProperty("createBoard").GetProperty("board").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        for (var i = 0; i < viewers; i++)
        {
            await GraphQLAsync(http, "mutation($b: ID!, $u: String!) { addMember(input: { boardId: $b, userId: $u, role: VIEWER }) { member { role } } }",
                new { b = boardId, u = $"viewer-{i}" });
        }

        var card = await GraphQLAsync(http, "mutation($b: ID!) { createCard(input: { boardId: $b, title: \"Moving\" }) { card { id } } }", new { b = boardId });
        return (boardId, card.GetProperty("createCard").GetProperty("card").GetProperty("id").GetString()!, columns);
    }

    private static Task<JsonElement> MoveAsync(HttpClient http, string cardId, string columnId) =>
        GraphQLAsync(http, "mutation($c: ID!, $to: ID!) { moveCard(input: { cardId: $c, toColumnId: $to }) { card { version } } }", new { c = cardId, to = columnId });

    internal static async Task<JsonElement> GraphQLAsync(HttpClient http, string query, object? variables)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("errors", out var errors))
            throw new InvalidOperationException(errors.ToString());
        return body.GetProperty("data");
    }

    private static long ResidentKiB(ApiProcess server)
    {
        var status = File.ReadAllLines($"/proc/{server.ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
