using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>
/// Named GraphQL operations (<see cref="Operations"/>) under load from wrk against the real API, hosted on Kestrel in this
/// process, on SQLite (a temporary file) and PostgreSQL (a throw-away database): requests/s, p50 / p99, allocated bytes
/// and CPU time per request, and the throughput as a ratio to a bare Kestrel endpoint serving the same bytes.
/// </summary>
public static class QueryLoadBenchmark
{
    private sealed record Options(string[] Providers, TimeSpan Duration, TimeSpan Warmup, int Rounds, int Threads, int Connections, string[] Operations, bool ResponseCache = true,
        string? PeerCommand = null, Uri? PeerUrl = null, bool RaiseWrk = false);

    private sealed record Row(string Provider, Operation Operation, int Round, int Bytes, WrkResult Api, double AllocPerRequest, double CpuMsPerRequest, WrkResult Ceiling,
        WrkResult? Peer = null)
    {
        public double Ratio => Api.RequestsPerSecond / Ceiling.RequestsPerSecond;

        public string VersusPeer => Peer is { RequestsPerSecond: > 0 } peer
            ? string.Create(CultureInfo.InvariantCulture, $"{peer.RequestsPerSecond:N0} | {Api.RequestsPerSecond / peer.RequestsPerSecond:F2}x")
            : "- | -";

        public bool Pass => Api.Requests > 0 && Api.Errors == 0 && Operation.Target.IsMet(Ratio, Api.P50Ms, Api.P99Ms);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
            return 2;
        if (Environment.GetEnvironmentVariable(GcServerVariable) is null)
            return await RunWithServerGcAsync(args);
        if (Wrk.Find() is not { } wrk)
        {
            Console.Error.WriteLine("query-load needs wrk (a native HTTP load generator) on PATH: apt-get install -y wrk");
            return 3;
        }

        var raised = options.RaiseWrk && Wrk.CanRaise();
        var priority = raised ? $"at nice {Wrk.RaisedNiceness}" : options.RaiseWrk ? "at normal priority (raising it needs root)" : "at normal priority";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Query-load benchmark: {Environment.ProcessorCount} cores, wrk -t{options.Threads} -c{options.Connections} {priority}, {options.Duration.TotalSeconds:0} s per run ({options.Warmup.TotalSeconds:0} s warm-up), {options.Rounds} rounds, Server GC {System.Runtime.GCSettings.IsServerGC}, response cache {(options.ResponseCache ? "on" : "off")}"));
        var operations = Operations.All.Where(o => options.Operations.Length == 0 || options.Operations.Contains(o.Name)).ToList();
        var rows = new List<Row>();
        using var load = new Wrk(options.Threads, options.Connections, raised);
        await using var ceiling = await CeilingHost.StartAsync();

        if (options.Providers.Contains("sqlite"))
        {
            await BenchmarkDatabases.OnSqliteAsync("query-load", async connection =>
                rows.AddRange(await RunProviderAsync("Sqlite", connection, operations, options, wrk, load, ceiling)));
        }

        if (options.Providers.Contains("postgres"))
        {
            await BenchmarkDatabases.OnPostgresAsync("bench", async connection =>
                rows.AddRange(await RunProviderAsync("Postgres", connection, operations, options, wrk, load, ceiling)));
        }

        Console.WriteLine();
        Console.WriteLine("provider | operation | run | bytes | rps | p50 ms | p99 ms | alloc/req | cpu ms/req | ceiling rps | ratio | target | result | peer rps | vs peer");
        Console.WriteLine("---|---|---|---|---|---|---|---|---|---|---|---|---|---|---");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Provider} | {r.Operation.Name} | {r.Round} | {r.Bytes:N0} | {r.Api.RequestsPerSecond:N0} | {r.Api.P50Ms:F2} | {r.Api.P99Ms:F2} | {r.AllocPerRequest / 1024:N0} KiB | {r.CpuMsPerRequest:F2} | {r.Ceiling.RequestsPerSecond:N0} | {r.Ratio:F3} | {r.Operation.Target} | {(r.Api.Errors > 0 ? $"FAIL ({r.Api.Errors} errors)" : r.Api.Requests == 0 ? "FAIL (no request completed)" : r.Operation.Target == Target.None ? "-" : r.Pass ? "pass" : "FAIL")} | {r.VersusPeer}"));
        }

        foreach (var note in operations.Where(o => o.Note is not null))
            Console.WriteLine($"{note.Name}: {note.Note}");
        return 0;
    }

    private const string GcServerVariable = "DOTNET_gcServer";

    /// <summary>
    /// The API runs with Server GC (the Web SDK's default, in its runtimeconfig); this console program does not, so it runs
    /// itself again with <c>DOTNET_gcServer=1</c>. Setting the variable either way yourself skips this.
    /// </summary>
    private static async Task<int> RunWithServerGcAsync(string[] args)
    {
        var self = Environment.ProcessPath!;
        var info = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(QueryLoadBenchmark).Assembly.Location, "query-load", .. args])
            : new ProcessStartInfo(self, ["query-load", .. args]);
        info.Environment[GcServerVariable] = "1";
        using var child = Process.Start(info) ?? throw new InvalidOperationException("Could not start the benchmark with Server GC.");
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    private static async Task<List<Row>> RunProviderAsync(string provider, string connection, List<Operation> operations, Options options,
        string wrk, Wrk load, CeilingHost ceiling)
    {
        var ids = await Seeding.SeedAsync(provider, connection);
        await using var peer = provider == "Postgres" && options is { PeerCommand: { } command, PeerUrl: { } peerUrl }
            ? await Peer.StartAsync(command, peerUrl, connection)
            : null;
        await using var api = new ApiHost(provider, connection, options.ResponseCache);
        var url = api.Start();
        var token = ApiHost.TokenFor(Seeding.Viewer);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var rows = new List<Row>();
        foreach (var operation in operations)
        {
            var request = JsonSerializer.SerializeToUtf8Bytes(new { query = operation.Query, variables = operation.Variables(ids) });
            var response = await CaptureAsync(http, url, request, operation, "The API");
            Console.WriteLine($"{provider} {operation.Name}: {response.Length:N0} response bytes; warming up ...");
            var apiScript = load.Script(request, token);
            var ceilingScript = load.Script(request, token);
            await load.RunAsync(wrk, url, apiScript, options.Warmup, operation.Connections);
            ceiling.Serve(response);
            await load.RunAsync(wrk, ceiling.Address, ceilingScript, options.Warmup, operation.Connections);
            string? peerScript = null;
            if (peer is not null && operation.Peer is { } document)
            {
                var peerRequest = JsonSerializer.SerializeToUtf8Bytes(new { query = document.Query, variables = document.Variables(ids) });
                using (var plain = new HttpClient())
                    await CaptureAsync(plain, peer.Url, peerRequest, operation, "The peer");
                peerScript = load.Script(peerRequest, bearerToken: null);
                await load.RunAsync(wrk, peer.Url, peerScript, options.Warmup, operation.Connections);
            }

            // Rounds alternate API and ceiling, so that noise from the shared machine falls on both.
            using var serverTimes = new ServerTimes();
            for (var round = 1; round <= options.Rounds; round++)
            {
                using var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var (collectionsBefore, pausedBefore) = (GC.CollectionCount(0), GC.GetTotalPauseDuration());
                serverTimes.Start();
                var measured = await load.RunAsync(wrk, url, apiScript, options.Duration, operation.Connections);
                var inServer = serverTimes.Stop();
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                var (collections, paused) = (GC.CollectionCount(0) - collectionsBefore, GC.GetTotalPauseDuration() - pausedBefore);
                process.Refresh();
                var cpu = process.TotalProcessorTime - cpuBefore;
                var bare = await load.RunAsync(wrk, ceiling.Address, ceilingScript, options.Duration, operation.Connections);
                var peered = peerScript is null ? null : await load.RunAsync(wrk, peer!.Url, peerScript, options.Duration, operation.Connections);
                var requests = Math.Max(1, measured.Requests);
                var row = new Row(provider, operation, round, response.Length, measured, (double)allocated / requests, cpu.TotalMilliseconds / requests, bare, peered);
                rows.Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{provider} {operation.Name} run {round}: {measured.RequestsPerSecond:N0} rps, p50 {measured.P50Ms:F2} ms, p99 {measured.P99Ms:F2} ms, {row.AllocPerRequest / 1024:N0} KiB/req, {row.CpuMsPerRequest:F2} ms CPU/req, {collections} GCs pausing {paused.TotalMilliseconds:N0} ms, in the server p50 {inServer.P50Ms:F2} ms, p99 {inServer.P99Ms:F2} ms; ceiling {bare.RequestsPerSecond:N0} rps; ratio {row.Ratio:F3}{(peered is null ? "" : $"; peer {peered.RequestsPerSecond:N0} rps, p50 {peered.P50Ms:F2} ms, p99 {peered.P99Ms:F2} ms ({measured.RequestsPerSecond / peered.RequestsPerSecond:F2}x)")}"));
            }
        }

        return rows;
    }

    /// <summary>A server's answer to the operation, checked: 200, no errors, as many cards as the seed put there.</summary>
    private static async Task<byte[]> CaptureAsync(HttpClient http, Uri url, byte[] request, Operation operation, string server)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url, content);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var json = JsonDocument.Parse(body);
        if (!response.IsSuccessStatusCode || json.RootElement.TryGetProperty("errors", out _))
            throw new InvalidOperationException($"{server} failed {operation.Name} ({(int)response.StatusCode}): {System.Text.Encoding.UTF8.GetString(body)}");
        var cards = CountCards(json.RootElement);
        if (cards != operation.ExpectedCards)
            throw new InvalidOperationException($"{server} returned {cards} cards for {operation.Name}, expected {operation.ExpectedCards}.");
        return body;
    }

    private static int CountCards(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => (element.TryGetProperty("impact", out _) ? 1 : 0) + element.EnumerateObject().Sum(p => CountCards(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(CountCards),
        _ => 0,
    };

    private static Options? Parse(string[] args)
    {
        var options = new Options(["sqlite", "postgres"], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), 2, 1, 16, []);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--provider" when value is "sqlite" or "postgres" or "both":
                    options = options with { Providers = value == "both" ? ["sqlite", "postgres"] : [value] };
                    break;
                case "--seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    options = options with { Duration = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--warmup" when int.TryParse(value, CultureInfo.InvariantCulture, out var warmup) && warmup > 0:
                    options = options with { Warmup = TimeSpan.FromSeconds(warmup) };
                    break;
                case "--rounds" when int.TryParse(value, CultureInfo.InvariantCulture, out var rounds) && rounds > 0:
                    options = options with { Rounds = rounds };
                    break;
                case "--threads" when int.TryParse(value, CultureInfo.InvariantCulture, out var threads) && threads > 0:
                    options = options with { Threads = threads };
                    break;
                case "--response-cache" when value is "on" or "off":
                    options = options with { ResponseCache = value == "on" };
                    break;
                case "--peer-command" when value is not null:
                    options = options with { PeerCommand = value };
                    break;
                case "--peer-url" when Uri.TryCreate(value, UriKind.Absolute, out var peerUrl) && peerUrl.IsLoopback:
                    options = options with { PeerUrl = peerUrl };
                    break;
                case "--connections" when int.TryParse(value, CultureInfo.InvariantCulture, out var connections) && connections > 0:
                    options = options with { Connections = connections };
                    break;
                case "--wrk-priority" when value is "raised" or "normal":
                    options = options with { RaiseWrk = value == "raised" };
                    break;
                case "--ops" when value is not null:
                    options = options with { Operations = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                default:
                    Console.Error.WriteLine($"query-load: unknown or incomplete option '{args[i]}'");
                    return null;
            }

            i++;
        }

        if ((options.PeerCommand is null) != (options.PeerUrl is null))
        {
            Console.Error.WriteLine("query-load: --peer-command and --peer-url (a loopback address) go together");
            return null;
        }

        var unknown = options.Operations.Except(Operations.All.Select(o => o.Name)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"query-load: unknown operation(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Operations.All.Select(o => o.Name))}");
            return null;
        }

        return options;
    }
}
