using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Domain.Flow;
using KanbanCustomer.Domain.Insights;
using KanbanCustomer.Domain.Notifications;
using KanbanCustomer.Domain.Users;
using KanbanCustomer.Domain.Watching;
using KanbanCustomer.Domain.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// The unit of work. Saving appends one <see cref="BoardEvent"/> per recorded change, numbered per board,
/// in the same transaction as the change itself. Each provider has its own subclass and migrations.
/// It also keeps ASP.NET Core's data-protection key ring, so every instance on the database signs and reads the same cookies.
/// </summary>
public abstract class KanbanDbContext : DbContext, IDataProtectionKeyContext
{
    private readonly ICurrentActor _actor;
    private readonly TimeProvider _time;
    private readonly ICommittedEvents? _committed;
    private readonly ICommittedDeliveries? _deliveries;
    private readonly List<BoardEvent> _unpublished = [];
    private readonly List<Guid> _undispatched = [];

    protected KanbanDbContext(DbContextOptions options, ICurrentActor? actor, TimeProvider? time, ICommittedEvents? committed,
        ICommittedDeliveries? deliveries = null)
        : base(options)
    {
        _actor = actor ?? SystemActor.Instance;
        _time = time ?? TimeProvider.System;
        _committed = committed;
        _deliveries = deliveries;
    }

    public DbSet<Board> Boards => Set<Board>();

    public DbSet<BoardMember> BoardMembers => Set<BoardMember>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Column> Columns => Set<Column>();

    public DbSet<Swimlane> Swimlanes => Set<Swimlane>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<Evidence> Evidence => Set<Evidence>();

    public DbSet<Vote> Votes => Set<Vote>();

    public DbSet<Experiment> Experiments => Set<Experiment>();

    public DbSet<BoardEvent> BoardEvents => Set<BoardEvent>();

    public DbSet<Customer> Customers => Set<Customer>();

    /// <summary>The flow history: appended on save beside the board events (<see cref="FlowSteps"/>).</summary>
    public DbSet<CardTransition> CardTransitions => Set<CardTransition>();

    /// <summary>How many cards stand where on each board now (<see cref="Persistence.CardCounts"/>).</summary>
    public DbSet<CardCount> CardCounts => Set<CardCount>();

    /// <summary>Each card's flow history packed into one row, for the measures (<see cref="Persistence.CardTimelines"/>).</summary>
    public DbSet<CardTimeline> CardTimelines => Set<CardTimeline>();

    public DbSet<Insight> Insights => Set<Insight>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationCursor> NotificationCursors => Set<NotificationCursor>();

    /// <summary>Who watches which card (<see cref="CardWatches"/>).</summary>
    public DbSet<CardWatch> CardWatches => Set<CardWatch>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>The data-protection keys (the dashboard's sign-in cookie), written by ASP.NET Core's key manager.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Only for saves that record no board change: the data-protection key manager saves its new keys this way.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangeTracker.Entries<AggregateRoot>().Any(e => e.Entity.Changes.Count > 0)
            ? throw new NotSupportedException("Use SaveChangesAsync: saving appends board events, which needs the async path.")
            : base.SaveChanges(acceptAllChangesOnSuccess);

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var roots = ChangeTracker.Entries<AggregateRoot>()
            .Where(e => e.Entity.Changes.Count > 0)
            .ToList();
        if (roots.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            var changes = roots.SelectMany(r => r.Entity.Changes).OrderBy(c => c.Ordinal).Select(c => c.Change).ToList();
            var now = _time.GetUtcNow();
            var appended = new List<BoardEvent>(changes.Count);
            var steps = new List<CardTransition>();
            // Once per save: each Entries() call detects changes over everything tracked, which made a save of N cards O(N^2).
            var cardEntries = changes.Any(c => c is CardChange) ? ChangeTracker.Entries<Card>().ToList() : [];
            var cards = cardEntries.ToDictionary(e => e.Entity.Id, e => e.Entity);
            foreach (var boardChanges in changes.GroupBy(c => c.BoardId))
            {
                var lastSeq = await ReserveSequenceAsync(boardChanges.Key, boardChanges.Count(), cancellationToken);
                var seq = lastSeq - boardChanges.Count();
                foreach (var change in boardChanges)
                {
                    var card = change is CardChange cardChange ? cards.GetValueOrDefault(cardChange.CardId) : null;
                    appended.Add(new BoardEvent(change.BoardId, ++seq, BoardEventPayload.TypeOf(change),
                        (change as CardChange)?.CardId, BoardEventPayload.Serialize(change, card), _actor.Id, _actor.Name, now));
                    if (card is not null && FlowSteps.Of(change, card, seq, now) is { } step)
                        steps.Add(step);
                }
            }

            BoardEvents.AddRange(appended);
            CardTransitions.AddRange(steps);
            await Persistence.CardTimelines.KeepAsync(this, steps, cardEntries, cancellationToken);
            await Persistence.CardCounts.KeepAsync(this, cardEntries, cancellationToken);
            await Persistence.CardWatches.KeepAsync(this, changes, cards, now, cancellationToken);
            var queued = await WebhookEvents.QueueAsync(this, appended, now, cancellationToken);
            foreach (var root in roots)
                root.Entity.ClearChanges();
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            _unpublished.AddRange(appended);
            _undispatched.AddRange(queued);
            if (ownTransaction is null)
                return written;
            await CommitAsync(ownTransaction, null, cancellationToken);
            await ownTransaction.DisposeAsync();
            ownTransaction = null;
            PublishCommitted();
            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                _unpublished.Clear();
                _undispatched.Clear();
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Commits unless cancelled (or refused by <paramref name="beforeCommit"/>) first. The commit itself is not cancelled:
    /// a cancellation arriving during it would leave its outcome unknown.
    /// </summary>
    private static async Task CommitAsync(IDbContextTransaction transaction, Action? beforeCommit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        beforeCommit?.Invoke();
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>Hands the events saved since the last call to the publisher; call it once their transaction committed.</summary>
    public void PublishCommitted()
    {
        if (_undispatched.Count > 0)
        {
            _deliveries?.Dispatch(_undispatched.ToList());
            _undispatched.Clear();
        }

        if (_unpublished.Count == 0)
            return;
        _committed?.Publish(_unpublished.ToList());
        _unpublished.Clear();
    }

    /// <summary>Forgets saved events (and the webhook deliveries queued with them) whose transaction did not commit.</summary>
    public void DiscardUnpublished()
    {
        _unpublished.Clear();
        _undispatched.Clear();
    }

    public Task<int> MarkPublishedAsync(IReadOnlyList<long> eventIds, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return BoardEvents.Where(e => eventIds.Contains(e.Id) && e.PublishedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.PublishedAt, now), cancellationToken);
    }

    /// <summary>
    /// The shape of every write to one board: one transaction, the board's lock first, then <paramref name="work"/>,
    /// save, commit, publish. A failure rolls back whole and leaves the context empty for the next write.
    /// </summary>
    public Task<T> WriteBoardAsync<T>(Guid boardId, Func<Task<T>> work, CancellationToken cancellationToken, Action? beforeCommit = null) =>
        WriteAsync(async () =>
        {
            await LockBoardAsync(boardId, cancellationToken);
            return await work();
        }, cancellationToken, beforeCommit);

    /// <summary>
    /// One transaction around <paramref name="work"/>, then save, commit, publish; a failure rolls back whole and leaves
    /// the context empty. <paramref name="beforeCommit"/> runs just before the commit and may still refuse it by
    /// throwing (<see cref="CommitAsync"/>).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken, Action? beforeCommit = null)
    {
        try
        {
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            var result = await work();
            await SaveChangesAsync(cancellationToken);
            await CommitAsync(transaction, beforeCommit, cancellationToken);
            PublishCommitted();
            return result;
        }
        finally
        {
            DiscardUnpublished();
            ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Takes the board's row lock for the rest of the transaction, so writes to one board run one at a time.
    /// A write that reads what it checks (WIP counts, neighbours, versions) after this cannot race another.
    /// </summary>
    public async Task LockBoardAsync(Guid boardId, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("Lock a board inside a transaction.");
        var locked = await Boards.Where(b => b.Id == boardId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.LastEventSeq, b => b.LastEventSeq), cancellationToken);
        if (locked == 0)
            throw DomainException.NotFound("Board", boardId);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KanbanDbContext).Assembly);

    /// <summary>Advances the board's event counter by <paramref name="count"/> and returns its new value.</summary>
    private async Task<long> ReserveSequenceAsync(Guid boardId, int count, CancellationToken cancellationToken)
    {
        var tracked = ChangeTracker.Entries<Board>().FirstOrDefault(e => e.Entity.Id == boardId);
        long value;
        if (tracked is { State: EntityState.Added })
        {
            value = tracked.Entity.LastEventSeq + count;
        }
        else
        {
            var updated = await Boards.Where(b => b.Id == boardId)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.LastEventSeq, b => b.LastEventSeq + count), cancellationToken);
            if (updated == 0)
                throw DomainException.NotFound("Board", boardId);
            value = await Boards.Where(b => b.Id == boardId).Select(b => b.LastEventSeq).SingleAsync(cancellationToken);
        }

        if (tracked is not null)
        {
            var property = tracked.Property(b => b.LastEventSeq);
            property.CurrentValue = value;
            if (tracked.State != EntityState.Added)
            {
                property.OriginalValue = value;
                property.IsModified = false;
            }
        }

        return value;
    }
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}
