using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Comments;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Comments;

/// <summary>Per-request loaders for comments; each runs one query per batch.</summary>
public sealed class CommentLoaders : IRequestLoaders
{
    public CommentLoaders(KanbanDbContext db)
    {
        CommentById = new(async (ids, ct) =>
            await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Comment?)c, ct), null);
    }

    public BatchLoader<Guid, Comment?> CommentById { get; }

    public void Clear() => CommentById.Clear();
}

public static class CommentLoadersContext
{
    public static CommentLoaders CommentLoaders(this GraphQL.IResolveFieldContext context) => context.RequestService<CommentLoaders>();
}
