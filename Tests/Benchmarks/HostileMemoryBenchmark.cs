using System.Diagnostics;
using System.Globalization;
using System.Text;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Benchmarks;

/// <summary>
/// The API as its own process (Production, the embedded SQLite default or PostgreSQL), its resident memory (RSS)
/// read from /proc: after a warm-up of ordinary queries, after N hostile requests from the fuzz generator, and through
/// a minute idle. The figures and the bounds they are held to are in docs/limits.md.
/// </summary>
internal static class HostileMemoryBenchmark
{

    /// <summary>
    /// Growth allowed after the hostile requests: the runtime's own (pools, JIT, heap) plus, with the response cache on,
    /// what the cache may hold (GraphQL:ResponseCache:SizeLimitBytes, 64 MB); and over the idle minute, from its 10 s mark.
    /// </summary>
    private const double MaxRuntimeGrowthMb = 32;
    private const double CacheLimitMb = 64;
    private const double MaxIdleDriftMb = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = IntOption(args, "--requests", 10_000);
        var idleSeconds = IntOption(args, "--idle", 60);
        var provider = Option(args, "--provider") ?? "sqlite";
        var rateLimit = Option(args, "--rate-limit") ?? "off";
        var responseCache = Option(args, "--response-cache") ?? "on";
        var maxGrowthMb = MaxRuntimeGrowthMb + (responseCache == "on" ? CacheLimitMb : 0);

        var database = $"kanban_memory_{Guid.NewGuid():N}";
        var sqlitePath = Path.Combine(Path.GetTempPath(), database + ".db");
        var settings = new Dictionary<string, string>
        {
            ["Database:SeedDemoData"] = "true",
            ["GraphQL:RateLimit:Enabled"] = rateLimit == "on" ? "true" : "false",
            ["GraphQL:ResponseCache:Enabled"] = responseCache == "on" ? "true" : "false",
        };
        if (provider == "postgres")
        {
            var connection = await BenchmarkDatabases.TryCreatePostgresAsync(BenchmarkDatabases.PostgresServer(), database);
            if (connection is null)
                return 1;
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Kanban"] = connection;
        }
        else
        {
            settings["Database:Provider"] = "Sqlite";
            settings["ConnectionStrings:Kanban"] = $"Data Source={sqlitePath}";
        }

        settings.WithAuth();
        static string TokenFor(string user) => BenchmarkAuth.TokenFor(user, TimeSpan.FromHours(2));

        await using var api = new ApiProcess(settings);
        try
        {
            await api.StartAsync(TimeSpan.FromSeconds(60));
            var host = "127.0.0.1";
            using var http = new HttpClient { BaseAddress = api.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TokenFor("warm-up"));
            for (var i = 0; i < 300; i++)
            {
                using var content = new StringContent("{\"query\":\"{ viewer { id } boards(first: 5) { nodes { id name columns { id cards(first: 5) { nodes { id title } } } } } }\"}", Encoding.UTF8, "application/json");
                (await http.PostAsync(new Uri("/graphql", UriKind.Relative), content)).EnsureSuccessStatusCode();
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            var before = Rss(api.ProcessId);

            var generator = new HostileRequests(20_261_204, TokenFor, Encoding.UTF8.GetBytes(BenchmarkAuth.SigningKey), BenchmarkAuth.Issuer);
            var statuses = new Dictionary<int, int>();
            var clock = Stopwatch.StartNew();
            var sent = 0;
            await Parallel.ForEachAsync(generator.Take(requests), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (request, _) =>
            {
                var answer = await HostileRequests.SendAsync(host, api.Port, request, TimeSpan.FromSeconds(15));
                lock (statuses)
                {
                    statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                    sent++;
                }
            });
            var after = Rss(api.ProcessId);
            Console.WriteLine($"hostile-memory ({provider}, rate limit {rateLimit}, response cache {responseCache}): {sent} hostile requests in {clock.Elapsed.TotalSeconds:0.0} s; " +
                $"statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}");

            var samples = new List<(int Second, double Mb)> { (0, after) };
            for (var second = 10; second <= idleSeconds; second += 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                samples.Add((second, Rss(api.ProcessId)));
            }

            var growth = after - before;
            // The first seconds after the load settle (finalisers, background flushes); drift counts from there.
            var drift = samples[^1].Mb - samples[Math.Min(1, samples.Count - 1)].Mb;
            var alive = (await http.PostAsync(new Uri("/graphql", UriKind.Relative),
                new StringContent("{\"query\":\"{ viewer { id } }\"}", Encoding.UTF8, "application/json"))).IsSuccessStatusCode;
            Console.WriteLine("| moment | RSS (MB) |");
            Console.WriteLine("|---|---|");
            Console.WriteLine($"| after warm-up (300 board queries) | {before:0.0} |");
            Console.WriteLine($"| after {sent} hostile requests | {after:0.0} |");
            foreach (var (second, mb) in samples.Skip(1))
                Console.WriteLine($"| idle {second} s | {mb:0.0} |");
            var pass = growth <= maxGrowthMb && drift <= MaxIdleDriftMb && alive;
            Console.WriteLine($"growth {growth:+0.0;-0.0} MB (bound {maxGrowthMb}), idle drift {drift:+0.0;-0.0} MB from 10 s to {idleSeconds} s (bound {MaxIdleDriftMb}), " +
                $"answering afterwards: {(alive ? "yes" : "no")} -> {(pass ? "pass" : "MISS")}");
            return pass ? 0 : 1;
        }
        finally
        {
            await api.StopAsync();
            if (provider == "postgres")
                await BenchmarkDatabases.DropPostgresAsync(BenchmarkDatabases.PostgresServer(), database);
            foreach (var file in new[] { sqlitePath, sqlitePath + "-wal", sqlitePath + "-shm" })
                File.Delete(file);
        }
    }

    /// <summary>Resident set size of a process in MB, from /proc/PID/status (Linux).</summary>
    private static double Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static int IntOption(string[] args, string name, int fallback) =>
        int.TryParse(Option(args, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
