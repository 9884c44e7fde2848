using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Common;

/// <summary>
/// The shape of every write: one transaction, the board's lock first, then load, one domain call, save.
/// A refused change rolls back whole and leaves the context empty for the next mutation of the request.
/// </summary>
public sealed class BoardWrites(KanbanDbContext db, TimeProvider time, ICurrentActor viewer)
{
    private readonly Dictionary<(string What, string RawId), Guid> _boardOf = [];
    private (Guid BoardId, BoardRole Role)? _guard;
    private MutationDeadline? _deadline;

    public KanbanDbContext Db => db;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<T> RunAsync<T>(Guid boardId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await db.WriteBoardAsync(boardId, async () =>
            {
                if (_guard is { } guard && guard.BoardId == boardId)
                    BoardRoles.Check(await Access.BoardAccess.RoleAsync(db, boardId, viewer.Id, cancellationToken), guard.Role, "Board", boardId);
                return await work();
            }, cancellationToken, BeforeCommit);
        }
        finally
        {
            _guard = null;
        }
    }

    /// <summary>Saves a new board (and its first events) in a write of its own.</summary>
    public Task AddBoardAsync(Board board, CancellationToken cancellationToken) =>
        db.WriteAsync(() =>
        {
            db.Boards.Add(board);
            return Task.FromResult(board);
        }, cancellationToken, BeforeCommit);

    /// <summary>The deadline of the mutation now running (<see cref="MutationExecutionStrategy"/>), or none.</summary>
    public void RunUnder(MutationDeadline? deadline) => _deadline = deadline;

    private void BeforeCommit()
    {
        if (_deadline is { } deadline && !deadline.TryCommit())
            throw new OperationCanceledException(deadline.Token);
    }

    /// <summary>
    /// The access guard's finding for the coming write; checked again once the board is locked,
    /// so a membership removed in between cannot slip through.
    /// </summary>
    public void Guard(Access.LocatedBoard board, BoardRole required) => _guard = (board.BoardId, required);

    /// <summary>Runs <paramref name="change"/> on the board, loaded inside its write.</summary>
    public Task<T> ChangeBoardAsync<T>(Guid boardId, Func<Board, T> change, CancellationToken cancellationToken) =>
        ChangeBoardAsync(boardId, board => Task.FromResult(change(board)), cancellationToken);

    public Task<T> ChangeBoardAsync<T>(Guid boardId, Func<Board, Task<T>> change, CancellationToken cancellationToken) =>
        RunAsync(boardId, async () => await change(await LoadBoardAsync(boardId, cancellationToken)), cancellationToken);

    public Task<Guid> BoardOfCardAsync(string rawCardId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawCardId, "Card", id => db.Cards.Where(c => c.Id == id).Select(c => c.BoardId), cancellationToken);

    public Task<Guid> BoardOfColumnAsync(string rawColumnId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawColumnId, "Column", id => db.Columns.Where(c => c.Id == id).Select(c => c.BoardId), cancellationToken);

    public Task<Guid> BoardOfSwimlaneAsync(string rawSwimlaneId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawSwimlaneId, "Swimlane", id => db.Swimlanes.Where(s => s.Id == id).Select(s => s.BoardId), cancellationToken);

    public Task<Guid> BoardOfEvidenceAsync(string rawEvidenceId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawEvidenceId, "Evidence",
            id => db.Evidence.Where(e => e.Id == id).Join(db.Cards, e => e.CardId, c => c.Id, (e, c) => c.BoardId), cancellationToken);

    public Task<Guid> BoardOfExperimentAsync(string rawExperimentId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawExperimentId, "Experiment",
            id => db.Experiments.Where(e => e.Id == id).Join(db.Cards, e => e.CardId, c => c.Id, (e, c) => c.BoardId), cancellationToken);

    public Task<Guid> BoardOfInsightAsync(string rawInsightId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawInsightId, "Insight", id => db.Insights.Where(i => i.Id == id).Select(i => i.BoardId), cancellationToken);
    public Task<Guid> BoardOfCommentAsync(string rawCommentId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawCommentId, "Comment", id => db.Comments.Where(c => c.Id == id).Select(c => c.BoardId), cancellationToken);

    public Task<Guid> BoardOfCustomerAsync(string rawCustomerId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawCustomerId, "Customer", id => db.Customers.Where(c => c.Id == id).Select(c => c.BoardId), cancellationToken);

    public Task<Guid> BoardOfWebhookAsync(string rawWebhookId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawWebhookId, "Webhook", id => db.Webhooks.Where(w => w.Id == id).Select(w => w.BoardId), cancellationToken);

    public Task<Guid> BoardOfWebhookDeliveryAsync(string rawDeliveryId, CancellationToken cancellationToken) =>
        BoardOfAsync(rawDeliveryId, "WebhookDelivery", id => db.WebhookDeliveries.Where(d => d.Id == id).Select(d => d.BoardId), cancellationToken);

    /// <summary>Loads a board with its columns and swimlanes, tracked, inside a write.</summary>
    public async Task<Board> LoadBoardAsync(Guid boardId, CancellationToken cancellationToken) =>
        await db.Boards.Include(b => b.Columns).Include(b => b.Swimlanes).Include(b => b.Members).AsSplitQuery()
            .SingleOrDefaultAsync(b => b.Id == boardId, cancellationToken)
        ?? throw DomainException.NotFound("Board", boardId);

    /// <summary>The board an entity belongs to, found before the write locks that board.</summary>
    private async Task<Guid> BoardOfAsync(string rawId, string what, Func<Guid, IQueryable<Guid>> boardOf, CancellationToken cancellationToken)
    {
        if (_boardOf.TryGetValue((what, rawId), out var known))
            return known;
        var id = Ids.Parse(rawId, what);
        var boardIds = await boardOf(id).Take(1).ToListAsync(cancellationToken);
        return _boardOf[(what, rawId)] = boardIds.Count > 0 ? boardIds[0] : throw DomainException.NotFound(what, rawId);
    }

    /// <summary>Loads a card with its evidence and votes (and its experiments when asked), tracked, inside a write.</summary>
    public async Task<Card> LoadCardAsync(Guid cardId, CancellationToken cancellationToken, bool withExperiments = false)
    {
        IQueryable<Card> cards = db.Cards.Include(c => c.Evidence).Include(c => c.Votes);
        if (withExperiments)
            cards = cards.Include(c => c.Experiments);
        return await cards.AsSplitQuery().SingleOrDefaultAsync(c => c.Id == cardId, cancellationToken)
            ?? throw DomainException.NotFound("Card", cardId);
    }
}
