using KanbanCustomer.Api.GraphQL;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Users;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Members;

/// <summary>Per-request loaders for members and the people behind user ids.</summary>
public sealed class MemberLoaders : IRequestLoaders
{
    public MemberLoaders(KanbanDbContext db)
    {
        MembersByBoard = new(async (ids, ct) =>
            (await db.BoardMembers.AsNoTracking().Where(m => ids.Contains(m.BoardId)).OrderBy(m => m.AddedAt).ThenBy(m => m.UserId).ToListAsync(ct))
                .GroupBy(m => m.BoardId).ToDictionary(g => g.Key, g => (IReadOnlyList<BoardMember>)g.ToList()), []);
        UserById = new(async (ids, ct) =>
            await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (User?)u, ct), null);
    }

    public BatchLoader<Guid, IReadOnlyList<BoardMember>> MembersByBoard { get; }

    public BatchLoader<string, User?> UserById { get; }

    public void Clear()
    {
        MembersByBoard.Clear();
        UserById.Clear();
    }
}
