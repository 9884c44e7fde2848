using System.Data;
using System.IO.Pipelines;
using System.Text.Json;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>
/// Writes a board as a <see cref="BoardFile"/> to a stream while it reads it: one statement per kind of row, untracked,
/// in key order, each row written as it arrives and the writer flushed every few kilobytes, so memory stays flat
/// whatever the board's size. All statements read one snapshot where the provider offers it (<see cref="ReadSnapshot"/>).
/// </summary>
public static class BoardExport
{
    private const int FlushBytes = 32 * 1024;

    /// <summary>Writes the board; the caller has checked that it exists and that the reader may see it.</summary>
    public static async Task WriteJsonAsync(KanbanDbContext db, Guid boardId, Stream output, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        // The serializer flushes its writer after each row; into a pipe that is a copy, and only FlushAsync writes to the stream.
        var pipe = PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true));
        var writer = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = BoardFile.Json.Encoder });
        writer.WriteStartObject();
        writer.WriteString("format", BoardFile.Format);
        writer.WriteNumber("version", BoardFile.Version);
        writer.WriteString("exportedAt", now);
        writer.WritePropertyName("board");
        var board = await db.Boards.AsNoTracking().Where(b => b.Id == boardId)
            .Select(b => new BoardRow(b.Id, b.Name, b.CreatedBy, b.CreatedAt, b.DefaultStaleAfter, b.LastEventSeq))
            .SingleAsync(cancellationToken);
        JsonSerializer.Serialize(writer, board, BoardFile.Json);

        var cards = db.Cards.Where(c => c.BoardId == boardId);
        var sections = new Sections(writer, pipe);
        await sections.WriteAsync("columns", db.Columns.AsNoTracking().Where(c => c.BoardId == boardId).OrderBy(c => c.Position)
            .Select(c => new ColumnRow(c.Id, c.Name, c.Position, c.WipLimit, c.StaleAfter, c.StaleBasis, c.AutoStaleAfter, c.IsCommitmentPoint, c.IsDone)),
            cancellationToken);
        await sections.WriteAsync("swimlanes", db.Swimlanes.AsNoTracking().Where(s => s.BoardId == boardId).OrderBy(s => s.Position)
            .Select(s => new SwimlaneRow(s.Id, s.Name, s.CustomerKind, s.Position)), cancellationToken);
        await sections.WriteAsync("members", db.BoardMembers.AsNoTracking().Where(m => m.BoardId == boardId).OrderBy(m => m.UserId)
            .GroupJoin(db.Users, m => m.UserId, u => u.Id, (m, users) => new { m, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new MemberRow(x.m.UserId, u == null ? null : u.Name, x.m.Role, x.m.AddedBy, x.m.AddedAt)),
            cancellationToken);
        await sections.WriteAsync("customers", db.Customers.AsNoTracking().Where(c => c.BoardId == boardId).OrderBy(c => c.Id)
            .Select(c => new CustomerRow(c.Id, c.Name, c.Kind, c.SegmentId, c.ExternalRef, c.Notes, c.IsArchived, c.ArchivedAt, c.CreatedBy, c.CreatedAt,
                c.UpdatedAt, c.Version)), cancellationToken);
        await sections.WriteAsync("cards", cards.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new CardRow(c.Id, c.ColumnId, c.SwimlaneId, c.Rank, c.Title, c.ProblemStatement, c.CustomerKind, c.Impact, c.Reach, c.Tags,
                c.Assignees, c.ReporterId, c.IsBlocked, c.BlockedReason, c.IsArchived, c.ArchivedAt, c.MergedInto, c.Version, c.CreatedAt, c.UpdatedAt,
                c.LastActivityAt, c.EnteredColumnAt, c.StaleSince, c.SnoozedUntil)), cancellationToken);
        await sections.WriteAsync("evidence", db.Evidence.AsNoTracking().Where(e => cards.Any(c => c.Id == e.CardId)).OrderBy(e => e.Id)
            .Select(e => new EvidenceRow(e.Id, e.CardId, e.Kind, e.Content, e.Source, e.CustomerId, e.Proximity, e.RecordedBy, e.RecordedAt)),
            cancellationToken);
        await sections.WriteAsync("votes", db.Votes.AsNoTracking().Where(v => cards.Any(c => c.Id == v.CardId)).OrderBy(v => v.CardId).ThenBy(v => v.VoterId)
            .Select(v => new VoteRow(v.CardId, v.VoterId, v.CastAt)), cancellationToken);
        await sections.WriteAsync("experiments", db.Experiments.AsNoTracking().Where(e => cards.Any(c => c.Id == e.CardId)).OrderBy(e => e.Id)
            .Select(e => new ExperimentRow(e.Id, e.CardId, e.Hypothesis, e.Measure, e.Status, e.Learning, e.CreatedBy, e.CreatedAt, e.UpdatedAt,
                e.StartedAt, e.ConcludedAt)), cancellationToken);
        await sections.WriteAsync("insights", db.Insights.AsNoTracking().Where(i => i.BoardId == boardId).OrderBy(i => i.Id)
            .Select(i => new InsightRow(i.Id, i.Text, i.CustomerId, i.Proximity, i.Origin, i.SubmittedBy, i.SubmittedAt, i.Status, i.CardId, i.EvidenceId,
                i.DismissReason, i.TriagedBy, i.TriagedAt)), cancellationToken);
        await sections.WriteAsync("comments", db.Comments.AsNoTracking().Where(c => c.BoardId == boardId).OrderBy(c => c.Id)
            .Select(c => new CommentRow(c.Id, c.CardId, c.AuthorId, c.Text, c.Mentions, c.CreatedAt, c.EditedAt, c.DeletedAt, c.DeletedBy, c.Version)),
            cancellationToken);
        await sections.WriteAsync("watches", db.CardWatches.AsNoTracking().Where(w => w.BoardId == boardId).OrderBy(w => w.Id)
            .Select(w => new WatchRow(w.CardId, w.UserId, w.Since)), cancellationToken);
        await sections.WriteAsync("transitions", db.CardTransitions.AsNoTracking().Where(t => t.BoardId == boardId).OrderBy(t => t.Id)
            .Select(t => new TransitionRow(t.CardId, t.EventSeq, t.At, t.ColumnId, t.SwimlaneId, t.CustomerKind, t.IsBlocked)), cancellationToken);
        await sections.EventsAsync(db, boardId, cancellationToken);
        writer.WriteEndObject();
        writer.Flush();
        await writer.DisposeAsync();
        await pipe.CompleteAsync();
    }

    /// <summary>Writes sections of rows, handing the bytes to the stream every <see cref="FlushBytes"/>.</summary>
    private sealed class Sections(Utf8JsonWriter writer, PipeWriter pipe)
    {
        public async Task WriteAsync<T>(string name, IQueryable<T> rows, CancellationToken cancellationToken)
        {
            writer.WriteStartArray(name);
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                JsonSerializer.Serialize(writer, row, BoardFile.Json);
                await FlushAsync(cancellationToken);
            }

            writer.WriteEndArray();
        }

        /// <summary>The log, its payloads written as the JSON they are (not as strings).</summary>
        public async Task EventsAsync(KanbanDbContext db, Guid boardId, CancellationToken cancellationToken)
        {
            writer.WriteStartArray("events");
            var events = db.BoardEvents.AsNoTracking().Where(e => e.BoardId == boardId).OrderBy(e => e.Seq)
                .Select(e => new { e.Seq, e.Type, e.CardId, e.Payload, e.ActorId, e.ActorName, e.OccurredAt });
            await foreach (var e in events.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                writer.WriteStartObject();
                writer.WriteNumber("seq", e.Seq);
                writer.WriteString("type", e.Type);
                if (e.CardId is { } cardId)
                    writer.WriteString("cardId", cardId);
                else
                    writer.WriteNull("cardId");
                writer.WritePropertyName("payload");
                writer.WriteRawValue(e.Payload);
                writer.WriteString("actorId", e.ActorId);
                writer.WriteString("actorName", e.ActorName);
                writer.WriteString("occurredAt", e.OccurredAt);
                writer.WriteEndObject();
                await FlushAsync(cancellationToken);
            }

            writer.WriteEndArray();
        }

        private async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            writer.Flush();
            if (pipe.UnflushedBytes > FlushBytes)
                await pipe.FlushAsync(cancellationToken);
        }
    }
}

/// <summary>
/// One consistent view for the export's many statements: a repeatable-read transaction on PostgreSQL, a deferred (read)
/// transaction on SQLite, which in WAL mode sees one snapshot and blocks no writer. SQL Server reads without one (its
/// snapshot isolation is a database option this code cannot assume): a write during a long export may then show.
/// </summary>
internal sealed class ReadSnapshot(params IAsyncDisposable[] transactions) : IAsyncDisposable
{
    public static async Task<ReadSnapshot> BeginAsync(KanbanDbContext db, CancellationToken cancellationToken)
    {
        switch (db.Provider)
        {
            case DatabaseProvider.Postgres:
                return new ReadSnapshot(await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken));
            case DatabaseProvider.Sqlite:
                await db.Database.OpenConnectionAsync(cancellationToken);
                var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
                var used = await db.Database.UseTransactionAsync(transaction, cancellationToken);
                return new ReadSnapshot(used!, transaction);
            default:
                return new ReadSnapshot();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transaction in transactions)
            await transaction.DisposeAsync();
    }
}
