using System.Globalization;
using KanbanCustomer.Api.Events;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Nodes;

/// <summary>An object found by its global id, or why the client may not have it.</summary>
public readonly record struct NodeResult(object? Node, DomainException? Error);

/// <summary>
/// Finds objects by global id for <c>node</c> and <c>nodes</c>: one query per type asked for, then one for the viewer's
/// roles on the boards they are on. Non-members learn nothing (NOT_FOUND); webhooks and deliveries are for admins
/// (FORBIDDEN, as <c>Board.webhooks</c>); a person is found when it is the viewer or shares a board with them.
/// </summary>
public sealed class NodeLookup(KanbanDbContext db)
{
    private sealed record Found(object Node, Guid BoardId);

    private sealed record Wanted(int Index, string Raw, string Type, string Key);

    public async Task<IReadOnlyList<NodeResult>> FindAsync(IReadOnlyList<string> rawIds, Person viewer, CancellationToken cancellationToken)
    {
        var results = new NodeResult[rawIds.Count];
        var wanted = new List<Wanted>();
        for (var i = 0; i < rawIds.Count; i++)
        {
            if (Ids.TryDecode(rawIds[i], out var type, out var key))
                wanted.Add(new Wanted(i, rawIds[i], type, key));
            else
                results[i] = new NodeResult(null, Ids.NotFound("Node", rawIds[i]));
        }

        var found = new Dictionary<int, Found>();
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var ofType in wanted.GroupBy(w => w.Type))
        {
            var items = ofType.ToList();
            switch (ofType.Key)
            {
                case "Board":
                    await ByGuidAsync(items, ids => db.Boards.AsNoTracking().Where(b => ids.Contains(b.Id)), x => x.Id, x => new Found(x, x.Id), found, cancellationToken);
                    break;
                case "Column":
                    await ByGuidAsync(items, ids => db.Columns.AsNoTracking().Where(c => ids.Contains(c.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "Swimlane":
                    await ByGuidAsync(items, ids => db.Swimlanes.AsNoTracking().Where(s => ids.Contains(s.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "Card":
                    await ByGuidAsync(items, ids => db.Cards.AsNoTracking().Where(c => ids.Contains(c.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "Experiment":
                    await ByGuidAsync(items, ids => db.Experiments.AsNoTracking().Where(e => ids.Contains(e.Id))
                        .Join(db.Cards, e => e.CardId, c => c.Id, (e, c) => new { Experiment = e, c.BoardId }), x => x.Experiment.Id, x => new Found(x.Experiment, x.BoardId), found, cancellationToken);
                    break;
                case "Evidence":
                    await ByGuidAsync(items, ids => db.Evidence.AsNoTracking().Where(e => ids.Contains(e.Id))
                        .Join(db.Cards, e => e.CardId, c => c.Id, (e, c) => new { Evidence = e, c.BoardId }), x => x.Evidence.Id, x => new Found(x.Evidence, x.BoardId), found, cancellationToken);
                    break;
                case "Customer":
                    await ByGuidAsync(items, ids => db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "Insight":
                    await ByGuidAsync(items, ids => db.Insights.AsNoTracking().Where(i => ids.Contains(i.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "Comment":
                    await ByGuidAsync(items, ids => db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "Webhook":
                    await ByGuidAsync(items, ids => db.Webhooks.AsNoTracking().Where(w => ids.Contains(w.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "WebhookDelivery":
                    await ByGuidAsync(items, ids => db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.Id)), x => x.Id, x => new Found(x, x.BoardId), found, cancellationToken);
                    break;
                case "BoardMember":
                    await MembersAsync(items, found, cancellationToken);
                    break;
                case "BoardEvent":
                    await EventsAsync(items, found, cancellationToken);
                    break;
                case "Person":
                    await PeopleAsync(items.Select(w => w.Key).Distinct().ToList(), viewer, people, cancellationToken);
                    break;
            }
        }

        var boardIds = found.Values.Select(f => f.BoardId).Distinct().ToList();
        var roles = boardIds.Count == 0
            ? []
            : await db.BoardMembers.AsNoTracking().Where(m => m.UserId == viewer.UserId && boardIds.Contains(m.BoardId))
                .ToDictionaryAsync(m => m.BoardId, m => m.Role, cancellationToken);

        foreach (var w in wanted)
        {
            if (w.Type == "Person")
            {
                results[w.Index] = people.TryGetValue(w.Key, out var person) ? new NodeResult(person, null) : new NodeResult(null, Ids.NotFound("Person", w.Raw));
                continue;
            }

            if (!found.TryGetValue(w.Index, out var hit))
            {
                results[w.Index] = new NodeResult(null, Ids.NotFound(Known.Contains(w.Type) ? w.Type : "Node", w.Raw));
                continue;
            }

            try
            {
                var required = w.Type is "Webhook" or "WebhookDelivery" ? BoardRole.Admin : BoardRole.Viewer;
                BoardRoles.Check(roles.TryGetValue(hit.BoardId, out var role) ? role : null, required, w.Type, w.Raw);
                results[w.Index] = new NodeResult(hit.Node, null);
            }
            catch (DomainException refused)
            {
                results[w.Index] = new NodeResult(null, refused);
            }
        }

        return results;
    }

    private static readonly HashSet<string> Known =
        ["Board", "Column", "Swimlane", "Card", "Evidence", "Experiment", "Customer", "Insight", "Comment", "Webhook", "WebhookDelivery", "BoardMember", "BoardEvent", "Person"];

    /// <summary>Objects with a Guid key: one query for all of them; keys that do not parse are simply not found.</summary>
    private static async Task ByGuidAsync<T>(List<Wanted> items, Func<List<Guid>, IQueryable<T>> query, Func<T, Guid> keyOf, Func<T, Found> toFound,
        Dictionary<int, Found> found, CancellationToken cancellationToken)
    {
        var keys = items.Select(w => (w.Index, Id: Ids.TryParse(w.Raw, w.Type, out var id) ? id : (Guid?)null)).Where(k => k.Id is not null).ToList();
        if (keys.Count == 0)
            return;
        var rows = (await query(keys.Select(k => k.Id!.Value).Distinct().ToList()).ToListAsync(cancellationToken)).ToDictionary(keyOf);
        foreach (var (index, id) in keys)
        {
            if (rows.TryGetValue(id!.Value, out var row))
                found[index] = toFound(row);
        }
    }

    private async Task MembersAsync(List<Wanted> items, Dictionary<int, Found> found, CancellationToken cancellationToken)
    {
        var keys = Pairs(items, _ => true);
        if (keys.Count == 0)
            return;
        var boardIds = keys.Select(k => k.BoardId).Distinct().ToList();
        var userIds = keys.Select(k => k.Second).Distinct().ToList();
        var rows = (await db.BoardMembers.AsNoTracking().Where(m => boardIds.Contains(m.BoardId) && userIds.Contains(m.UserId)).ToListAsync(cancellationToken))
            .ToDictionary(m => (m.BoardId, m.UserId));
        foreach (var (index, boardId, userId) in keys)
        {
            if (rows.TryGetValue((boardId, userId), out var member))
                found[index] = new Found(member, boardId);
        }
    }

    private async Task EventsAsync(List<Wanted> items, Dictionary<int, Found> found, CancellationToken cancellationToken)
    {
        // The sequence number is written the one way the API writes it, so an event has one id.
        var keys = Pairs(items, seq => long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n.ToString(CultureInfo.InvariantCulture) == seq);
        if (keys.Count == 0)
            return;
        var boardIds = keys.Select(k => k.BoardId).Distinct().ToList();
        var seqs = keys.Select(k => long.Parse(k.Second, CultureInfo.InvariantCulture)).Distinct().ToList();
        var rows = (await db.BoardEvents.AsNoTracking().Where(e => boardIds.Contains(e.BoardId) && seqs.Contains(e.Seq)).ToListAsync(cancellationToken))
            .ToDictionary(e => (e.BoardId, e.Seq.ToString(CultureInfo.InvariantCulture)));
        foreach (var (index, boardId, seq) in keys)
        {
            if (rows.TryGetValue((boardId, seq), out var boardEvent))
                found[index] = new Found(new BoardEventView(boardEvent), boardId);
        }
    }

    private static List<(int Index, Guid BoardId, string Second)> Pairs(List<Wanted> items, Func<string, bool> valid)
    {
        var pairs = new List<(int, Guid, string)>();
        foreach (var w in items)
        {
            if (Ids.TryParsePair(w.Raw, w.Type, out var boardId, out var second) && valid(second))
                pairs.Add((w.Index, boardId, second));
        }

        return pairs;
    }

    private async Task PeopleAsync(List<string> userIds, Person viewer, Dictionary<string, Person> people, CancellationToken cancellationToken)
    {
        if (userIds.Remove(viewer.UserId))
            people[viewer.UserId] = viewer;
        if (userIds.Count == 0)
            return;
        var shared = db.BoardMembers
            .Where(m => userIds.Contains(m.UserId) && db.BoardMembers.Any(v => v.BoardId == m.BoardId && v.UserId == viewer.UserId))
            .Select(m => m.UserId)
            .Distinct();
        // Someone added by user id need not have signed in yet: no user row, and their id is their name.
        var visible = await (
            from id in shared
            join user in db.Users on id equals user.Id into users
            from user in users.DefaultIfEmpty()
            select new { Id = id, Name = user == null ? null : user.Name }).ToListAsync(cancellationToken);
        foreach (var person in visible)
            people[person.Id] = new Person(person.Id, person.Name ?? person.Id);
    }
}
