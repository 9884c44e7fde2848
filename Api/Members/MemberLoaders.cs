using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Users;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Members;

/// <summary>Per-request loaders for members and the people behind user ids.</summary>
public sealed class MemberLoaders : IRequestLoaders
{
    public MemberLoaders(KanbanDbContext db, ICurrentActor viewer)
    {
        ViewerRoleByBoard = new(async (ids, ct) =>
            await db.BoardMembers.AsNoTracking().Where(m => ids.Contains(m.BoardId) && m.UserId == viewer.Id)
                .ToDictionaryAsync(m => m.BoardId, m => (BoardRole?)m.Role, ct), null);
        UserById = new(async (ids, ct) =>
            await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (User?)u, ct), null);
    }

    /// <summary>The signed-in user's role on each board; null where they are not a member.</summary>
    public BatchLoader<Guid, BoardRole?> ViewerRoleByBoard { get; }

    public BatchLoader<string, User?> UserById { get; }

    public void Clear()
    {
        ViewerRoleByBoard.Clear();
        UserById.Clear();
    }
}

public static class MemberLoadersContext
{
    public static MemberLoaders MemberLoaders(this GraphQL.IResolveFieldContext context) => context.RequestService<MemberLoaders>();
}
