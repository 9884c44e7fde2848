using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.GraphQL;

/// <summary>
/// The shape of every write: one transaction, the board's lock first, then load, one domain call, save.
/// A refused change rolls back whole and leaves the context empty for the next mutation of the request.
/// </summary>
public sealed class BoardWrites(KanbanDbContext db, TimeProvider time)
{
    public KanbanDbContext Db => db;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<T> RunAsync<T>(Guid boardId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockBoardAsync(boardId, cancellationToken);
            var result = await work();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<Guid> BoardOfCardAsync(string rawCardId, CancellationToken cancellationToken)
    {
        var cardId = Ids.Parse(rawCardId, "Card");
        var boardId = await db.Cards.Where(c => c.Id == cardId).Select(c => (Guid?)c.BoardId).SingleOrDefaultAsync(cancellationToken);
        return boardId ?? throw DomainException.NotFound("Card", rawCardId);
    }

    public async Task<Guid> BoardOfColumnAsync(string rawColumnId, CancellationToken cancellationToken)
    {
        var columnId = Ids.Parse(rawColumnId, "Column");
        var boardId = await db.Columns.Where(c => c.Id == columnId).Select(c => (Guid?)c.BoardId).SingleOrDefaultAsync(cancellationToken);
        return boardId ?? throw DomainException.NotFound("Column", rawColumnId);
    }

    public async Task<Guid> BoardOfSwimlaneAsync(string rawSwimlaneId, CancellationToken cancellationToken)
    {
        var swimlaneId = Ids.Parse(rawSwimlaneId, "Swimlane");
        var boardId = await db.Swimlanes.Where(s => s.Id == swimlaneId).Select(s => (Guid?)s.BoardId).SingleOrDefaultAsync(cancellationToken);
        return boardId ?? throw DomainException.NotFound("Swimlane", rawSwimlaneId);
    }

    public async Task<Guid> BoardOfEvidenceAsync(string rawEvidenceId, CancellationToken cancellationToken)
    {
        var evidenceId = Ids.Parse(rawEvidenceId, "Evidence");
        var boardId = await db.Evidence.Where(e => e.Id == evidenceId)
            .Join(db.Cards, e => e.CardId, c => c.Id, (e, c) => (Guid?)c.BoardId)
            .SingleOrDefaultAsync(cancellationToken);
        return boardId ?? throw DomainException.NotFound("Evidence", rawEvidenceId);
    }

    /// <summary>Loads a board with its columns and swimlanes, tracked, inside a write.</summary>
    public async Task<Domain.Boards.Board> LoadBoardAsync(Guid boardId, CancellationToken cancellationToken) =>
        await db.Boards.Include(b => b.Columns).Include(b => b.Swimlanes).SingleOrDefaultAsync(b => b.Id == boardId, cancellationToken)
        ?? throw DomainException.NotFound("Board", boardId);

    /// <summary>Loads a card with its evidence and votes, tracked, inside a write.</summary>
    public async Task<Domain.Cards.Card> LoadCardAsync(Guid cardId, CancellationToken cancellationToken) =>
        await db.Cards.Include(c => c.Evidence).Include(c => c.Votes).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == cardId, cancellationToken)
        ?? throw DomainException.NotFound("Card", cardId);
}
