using System.Globalization;
using System.Text;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>
/// A board's cards as CSV for spreadsheets (RFC 4180: comma, CRLF, quotes doubled), one row per card, archived ones
/// included, streamed like <see cref="BoardExport"/>. A text cell that a spreadsheet would run as a formula (it starts
/// with = + - @, a tab or a carriage return) gets a leading apostrophe.
/// </summary>
public static class BoardCsv
{
    public static readonly string[] Header =
    [
        "id", "title", "problemStatement", "column", "swimlane", "customerKind", "impact", "reach", "tags", "assignees", "reporter",
        "isBlocked", "blockedReason", "isArchived", "mergedInto", "votes", "evidence", "customers", "score", "createdAt", "updatedAt",
        "lastActivityAt", "staleSince",
    ];

    private const int FlushChars = 16 * 1024;

    /// <summary>Writes the cards (UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8); <paramref name="cardId"/> names a card for the API.</summary>
    public static async Task WriteAsync(KanbanDbContext db, Guid boardId, Stream output, Func<Guid, string> cardId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        var columns = await db.Columns.AsNoTracking().Where(c => c.BoardId == boardId).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var lanes = await db.Swimlanes.AsNoTracking().Where(s => s.BoardId == boardId).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), FlushChars * 2, leaveOpen: true);
        writer.NewLine = "\r\n";
        var line = new StringBuilder(512);
        Row(line, Header);
        await writer.WriteAsync(line, cancellationToken);

        var cards = db.Cards.AsNoTracking().Where(c => c.BoardId == boardId).OrderBy(c => c.Id).Select(c => new
        {
            c.Id, c.Title, c.ProblemStatement, c.ColumnId, c.SwimlaneId, c.CustomerKind, c.Impact, c.Reach, c.Tags, c.Assignees, c.ReporterId,
            c.IsBlocked, c.BlockedReason, c.IsArchived, c.MergedInto, c.VoteCount, c.SelfEvidenceCount, c.DirectEvidenceCount,
            c.SecondHandEvidenceCount, c.CustomerCount, c.ScoreKey, c.CreatedAt, c.UpdatedAt, c.LastActivityAt, c.StaleSince,
        });
        var pending = 0;
        await foreach (var c in cards.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            line.Clear();
            Row(line,
            [
                cardId(c.Id), c.Title, c.ProblemStatement, columns.GetValueOrDefault(c.ColumnId, ""), lanes.GetValueOrDefault(c.SwimlaneId, ""),
                c.CustomerKind.ToString(), Number(c.Impact), Number(c.Reach), string.Join("; ", c.Tags), string.Join("; ", c.Assignees), c.ReporterId,
                Flag(c.IsBlocked), c.BlockedReason ?? "", Flag(c.IsArchived), c.MergedInto is { } into ? cardId(into) : "", Number(c.VoteCount),
                Number(c.SelfEvidenceCount + c.DirectEvidenceCount + c.SecondHandEvidenceCount), Number(c.CustomerCount),
                ProblemScore.At(c.ScoreKey, now).ToString("0.####", CultureInfo.InvariantCulture), Time(c.CreatedAt), Time(c.UpdatedAt),
                Time(c.LastActivityAt), c.StaleSince is { } stale ? Time(stale) : "",
            ]);
            await writer.WriteAsync(line, cancellationToken);
            pending += line.Length;
            if (pending > FlushChars)
            {
                await writer.FlushAsync(cancellationToken);
                pending = 0;
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>One record: each cell guarded and quoted as needed, CRLF at the end.</summary>
    public static void Row(StringBuilder line, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
                line.Append(',');
            Cell(line, cells[i]);
        }

        line.Append("\r\n");
    }

    /// <summary>The cell as CSV: an apostrophe before what a spreadsheet would run as a formula, quotes when it holds a comma, quote or line break.</summary>
    public static void Cell(StringBuilder line, string value)
    {
        var guarded = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        if (guarded.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(guarded);
            return;
        }

        line.Append('"').Append(guarded.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
