using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Export;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Benchmarks;

/// <summary>
/// Issue 14's target: a board of 100,000 cards exports in under 10 s with under 100 MB of memory growth. The board is
/// <see cref="FlowBenchmark"/>'s (100,000 cards, about 500,000 flow steps) plus one CardCreated event per card, so the
/// log is not empty. The export runs through the real code (<see cref="BoardExport"/>, <see cref="BoardCsv"/>) into a
/// stream that counts the bytes and samples the managed heap and the working set as they arrive.
/// </summary>
public static class ExportBenchmark
{
    private const int Runs = 3;
    private static bool s_import;

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var provider = Option("--provider") ?? "both";
        var keep = args.Contains("--keep");
        s_import = args.Contains("--import");
        Console.WriteLine($"Export benchmark: {FlowBenchmark.Cards:N0} cards, {Environment.ProcessorCount} cores, {Runs} runs a format (server GC: {System.Runtime.GCSettings.IsServerGC})");
        if (provider is "sqlite" or "both")
            await BenchmarkDatabases.OnSqliteAsync("export", connection => MeasureAsync("Sqlite", connection), Option("--sqlite-file"), keep);
        if (provider is "postgres" or "both")
            await BenchmarkDatabases.OnPostgresAsync("export", connection => MeasureAsync("Postgres", connection), Option("--postgres-database"), keep);
        return 0;
    }

    private static async Task MeasureAsync(string provider, string connection)
    {
        await using var services = BenchmarkDatabases.Services(provider, connection);
        var now = TimeProvider.System.GetUtcNow();
        var boardId = await FlowBenchmark.ExistingBoardAsync(services) ?? await FlowBenchmark.SeedAsync(services, provider, now);
        await AddEventsAsync(services, boardId, now);

        Console.WriteLine($"{provider}: format | seconds | MB written | managed heap growth MB (max sampled) | working set growth MB (max sampled) | MB allocated");
        for (var i = 0; i < Runs; i++)
        {
            await RunOnceAsync(services, provider, "json", (db, stream) => BoardExport.WriteJsonAsync(db, boardId, stream, now, CancellationToken.None));
            await RunOnceAsync(services, provider, "csv", (db, stream) => BoardCsv.WriteAsync(db, boardId, stream, id => id.ToString("N"), now, CancellationToken.None));
        }

        if (s_import)
            await ImportOnceAsync(services, provider, boardId, now);
    }

    /// <summary>With --import: the JSON file imported back as a new board (parse, check, write), its time and the process's peak working set.</summary>
    private static async Task ImportOnceAsync(IServiceProvider services, string provider, Guid boardId, DateTimeOffset now)
    {
        byte[] file;
        await using (var scope = services.CreateAsyncScope())
        {
            using var buffer = new MemoryStream();
            await BoardExport.WriteJsonAsync(scope.ServiceProvider.GetRequiredService<KanbanDbContext>(), boardId, buffer, now, CancellationToken.None);
            file = buffer.ToArray();
        }

        GC.Collect();
        var workingSet = Environment.WorkingSet;
        var stopwatch = Stopwatch.StartNew();
        var content = BoardFileReader.Parse(file);
        var parsed = stopwatch.Elapsed.TotalSeconds;
        await using (var scope = services.CreateAsyncScope())
            await BoardImport.ImportAsync(scope.ServiceProvider.GetRequiredService<KanbanDbContext>(), content, "bench-importer", now, CancellationToken.None);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: import of {file.Length / 1048576.0:0} MB | {stopwatch.Elapsed.TotalSeconds:0.0} s (parse {parsed:0.0} s) | working set before {workingSet / 1048576.0:0} MB, process peak {process.PeakWorkingSet64 / 1048576.0:0} MB"));
    }

    private static async Task RunOnceAsync(IServiceProvider services, string provider, string format, Func<KanbanDbContext, Stream, Task> export)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var stream = new SamplingStream();
        var allocated = GC.GetTotalAllocatedBytes();
        var stopwatch = Stopwatch.StartNew();
        await export(db, stream);
        stopwatch.Stop();
        const double MB = 1024 * 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {format} | {stopwatch.Elapsed.TotalSeconds:0.00} | {stream.Length / MB:0.0} | {stream.HeapGrowth / MB:0.0} | {stream.WorkingSetGrowth / MB:0.0} | {(GC.GetTotalAllocatedBytes() - allocated) / MB:0}"));
    }

    /// <summary>One CardCreated event per card of the board (once: a kept database already has them), numbered after the board's last and the steps'.</summary>
    private static async Task AddEventsAsync(IServiceProvider services, Guid boardId, DateTimeOffset now)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        if (await db.BoardEvents.AnyAsync(e => e.BoardId == boardId))
            return;
        var stopwatch = Stopwatch.StartNew();
        var cards = await db.Cards.AsNoTracking().Where(c => c.BoardId == boardId).OrderBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.ColumnId, c.SwimlaneId, c.Title, c.CreatedAt, c.ReporterId }).ToListAsync();
        // After the seeded steps' numbers, so the board's last event number covers them (an import checks that it does).
        var seq = Math.Max(await db.Boards.Where(b => b.Id == boardId).Select(b => b.LastEventSeq).SingleAsync(),
            await db.CardTransitions.Where(t => t.BoardId == boardId).MaxAsync(t => (long?)t.EventSeq) ?? 0);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in cards.Chunk(20_000))
        {
            foreach (var card in chunk)
            {
                var payload = JsonSerializer.Serialize(new { cardId = card.Id, columnId = card.ColumnId, swimlaneId = card.SwimlaneId, title = card.Title });
                db.BoardEvents.Add(new BoardEvent(boardId, ++seq, "CardCreated", card.Id, payload, card.ReporterId, "Bench", card.CreatedAt));
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        await db.Boards.Where(b => b.Id == boardId).ExecuteUpdateAsync(s => s.SetProperty(b => b.LastEventSeq, seq));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added {cards.Count:N0} events in {stopwatch.Elapsed.TotalSeconds:0.0} s (board's last event number {seq:N0})"));
    }

    /// <summary>Throws the bytes away, counting them and sampling the heap and working set every 256 KB.</summary>
    private sealed class SamplingStream : Stream
    {
        private readonly long _heapBefore = GC.GetTotalMemory(false);
        private readonly long _workingSetBefore = Environment.WorkingSet;
        private long _length;
        private long _nextSample;

        public long HeapGrowth { get; private set; }

        public long WorkingSetGrowth { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Count(count);

        public override void Write(ReadOnlySpan<byte> buffer) => Count(buffer.Length);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count(count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Count(int bytes)
        {
            _length += bytes;
            if (_length < _nextSample)
                return;
            _nextSample = _length + 256 * 1024;
            HeapGrowth = Math.Max(HeapGrowth, GC.GetTotalMemory(false) - _heapBefore);
            WorkingSetGrowth = Math.Max(WorkingSetGrowth, Environment.WorkingSet - _workingSetBefore);
        }
    }
}
