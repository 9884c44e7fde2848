using System.Linq.Expressions;
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
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>
/// Recreates a board from a <see cref="BoardFile"/> under new ids, the importer its admin. Every row is built through the
/// domain's own constructors and verbs (which check its rules), on a board held in memory; what the verbs would stamp
/// with the import's time (versions, timestamps, archive and triage state) is then set to the file's values, each
/// checked first. Only when the whole file passed is anything written, in one transaction.
/// </summary>
public sealed partial class BoardImport
{
    private const int CardsPerSave = 2_000;

    private readonly KanbanDbContext _db;
    private readonly DateTimeOffset _now;
    private readonly string _importer;
    private readonly OrderedIds _ids;
    private readonly Dictionary<Guid, Guid> _map = [];
    private readonly Dictionary<Guid, Customer> _customers = [];
    private readonly Dictionary<Guid, Card> _cards = [];
    private readonly HashSet<Guid> _evidence = [];
    private readonly List<Insight> _insights = [];
    private readonly List<Comment> _comments = [];
    private readonly List<CardWatch> _watches = [];
    private readonly List<CardTransition> _transitions = [];
    private readonly List<BoardEvent> _events = [];
    private Board _board = null!;

    private BoardImport(KanbanDbContext db, string importer, DateTimeOffset now)
    {
        _db = db;
        _importer = importer;
        _now = now;
        _ids = new OrderedIds(now);
    }

    /// <summary>Checks the whole file, then writes the new board in one transaction; returns its id.</summary>
    public static async Task<Guid> ImportAsync(KanbanDbContext db, BoardFileContent file, string importerId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var import = new BoardImport(db, importerId, now);
        await import.BuildAsync(file, cancellationToken);
        return await db.WriteAsync(() => import.SaveAsync(cancellationToken), cancellationToken);
    }

    private async Task BuildAsync(BoardFileContent file, CancellationToken cancellationToken)
    {
        CheckSections(file);
        BuildBoard(file);
        await BuildMembersAsync(file.Members, cancellationToken);
        BuildCustomers(file.Customers);
        BuildCards(file.Cards);
        BuildEvidence(file.Evidence);
        BuildVotes(file.Votes);
        BuildExperiments(file.Experiments);
        BuildInsights(file.Insights);
        BuildComments(file.Comments);
        BuildWatches(file.Watches);
        BuildTransitions(file.Transitions, file.Board.LastEventSeq);
        BuildEvents(file.Events, file.Board.LastEventSeq);
        FinishCards(file.Cards);
        FinishCustomers(file.Customers);
    }

    private async Task<Guid> SaveAsync(CancellationToken cancellationToken)
    {
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
        _board.ClearChanges();
        _db.Boards.Add(_board);
        foreach (var customer in _customers.Values)
        {
            customer.ClearChanges();
            _db.Customers.Add(customer);
        }

        await SaveBatchAsync(cancellationToken);
        foreach (var chunk in _cards.Values.Chunk(CardsPerSave))
        {
            foreach (var card in chunk)
            {
                card.ClearChanges();
                _db.Cards.Add(card);
            }

            await SaveBatchAsync(cancellationToken);
        }

        foreach (var insight in _insights)
            insight.ClearChanges();
        foreach (var comment in _comments)
            comment.ClearChanges();
        await AddAllAsync(_insights, cancellationToken);
        await AddAllAsync(_comments, cancellationToken);
        await AddAllAsync(_watches, cancellationToken);
        await AddAllAsync(_transitions, cancellationToken);
        // What the write path keeps beside the rows, made from what was imported: the board's card counts, each card's timeline.
        _db.CardCounts.AddRange(await CardCounts.CountAsync(_db, _board.Id, cancellationToken));
        var cards = _cards.Values.ToDictionary(c => c.Id);
        await AddAllAsync(_transitions.GroupBy(t => t.CardId)
            .Select(steps => new CardTimeline(_board.Id, steps.Key, CardTimelines.PlaceOf(cards[steps.Key]), steps.Select(FlowStep.Of))), cancellationToken);
        await AddAllAsync(_events, cancellationToken);
        // The history is not news: nobody is notified of it again.
        if (_board.LastEventSeq > 0)
            _db.NotificationCursors.Add(new NotificationCursor(_board.Id, _board.LastEventSeq));
        await SaveBatchAsync(cancellationToken);
        return _board.Id;
    }

    private async Task AddAllAsync<T>(IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var chunk in rows.Chunk(CardsPerSave * 5))
        {
            _db.AddRange(chunk);
            await SaveBatchAsync(cancellationToken);
        }
    }

    private async Task SaveBatchAsync(CancellationToken cancellationToken)
    {
        _db.ChangeTracker.DetectChanges();
        await _db.SaveChangesAsync(cancellationToken);
        _db.ChangeTracker.Clear();
    }

    /// <summary>Sets a stored value the domain keeps private (a timestamp, a version) on an object not yet tracked.</summary>
    private void Set<T, TValue>(T entity, Expression<Func<T, TValue>> property, TValue value)
        where T : class =>
        _db.Entry(entity).Property(property).CurrentValue = value;

    /// <summary>Runs a domain constructor or verb; its refusal becomes the file's, at <paramref name="path"/>.</summary>
    private static T Domain<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DomainException ex)
        {
            throw ImportException.Invalid(ex.Field is { } field ? $"{path}.{field}" : path, ex.Message);
        }
    }

    private static void Domain(string path, Action action) => Domain(path, () =>
    {
        action();
        return true;
    });

    /// <summary>Gives a file id its new id; an id the file uses twice (in any section) is refused.</summary>
    private Guid Claim(Guid fileId, Guid newId, string path)
    {
        if (!_map.TryAdd(fileId, newId))
            throw ImportException.Invalid(path, $"The id {fileId} is used twice in the file.");
        return newId;
    }

    private static void Require(bool condition, string path, string message)
    {
        if (!condition)
            throw ImportException.Invalid(path, message);
    }

    private static string UserId(string? id, string path)
    {
        if (User.IdProblem(id) is { } problem)
            throw ImportException.Invalid(path, $"The user id {problem}.");
        return id!;
    }

    private static void Same(string? stored, string? given, string path) =>
        Require(string.Equals(stored ?? "", given ?? "", StringComparison.Ordinal), path,
            "The value is not as the board keeps it (surrounding spaces, duplicates or a changed spelling).");

    private static void Same(IReadOnlyList<string> stored, IReadOnlyList<string> given, string path) =>
        Require(stored.SequenceEqual(given, StringComparer.Ordinal), path, "The list is not as the board keeps it (surrounding spaces or duplicates).");

    private static void Archived(bool isArchived, DateTimeOffset? archivedAt, string path) =>
        Require(isArchived == archivedAt is not null, path, "isArchived and archivedAt disagree.");

    private static void CheckSections(BoardFileContent file)
    {
        Require(file.Board is not null, "$.board", "The board is missing.");
        NoNulls(file.Columns, "columns");
        NoNulls(file.Swimlanes, "swimlanes");
        NoNulls(file.Members, "members");
        NoNulls(file.Customers, "customers");
        NoNulls(file.Cards, "cards");
        NoNulls(file.Evidence, "evidence");
        NoNulls(file.Votes, "votes");
        NoNulls(file.Experiments, "experiments");
        NoNulls(file.Insights, "insights");
        NoNulls(file.Comments, "comments");
        NoNulls(file.Watches, "watches");
        NoNulls(file.Transitions, "transitions");
        NoNulls(file.Events, "events");
        for (var i = 0; i < file.Cards.Count; i++)
        {
            NoNulls(file.Cards[i].Tags, $"cards[{i}].tags");
            NoNulls(file.Cards[i].Assignees, $"cards[{i}].assignees");
        }

        for (var i = 0; i < file.Comments.Count; i++)
            NoNulls(file.Comments[i].Mentions, $"comments[{i}].mentions");
    }

    private static void NoNulls<T>(IReadOnlyList<T>? rows, string section)
    {
        if (rows is null)
            throw ImportException.Invalid("$." + section, "The section is missing.");
        for (var i = 0; i < rows.Count; i++)
            Require(rows[i] is not null, $"$.{section}[{i}]", "A row is null.");
    }
}
