using GraphQL;
using GraphQL.Builders;
using GraphQL.Instrumentation;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Common.Access;

/// <summary>The board a root field addresses, and how the client named it (for an honest NOT_FOUND).</summary>
public readonly record struct LocatedBoard(Guid BoardId, string What, string RawId);

/// <summary>Finds the board a root field's arguments address; throws NOT_FOUND when there is none.</summary>
public delegate Task<LocatedBoard> BoardLocator(IResolveFieldContext context);

/// <summary>
/// Who may call a root field, declared on the field with GraphQL.NET's <c>Authorize*</c> metadata:
/// <c>Authorize()</c> for anyone signed in, <c>AuthorizeWithPolicy("board:ROLE")</c> plus a
/// <see cref="BoardLocator"/> for fields about one board. <see cref="BoardAccessMiddleware"/> enforces it,
/// and <see cref="EnsureEveryRootFieldDeclaresAccess"/> refuses a schema with a root field that declares nothing.
/// </summary>
public static class BoardAccess
{
    public const string LocatorKey = "kanban:boardLocator";
    private const string PolicyPrefix = "board:";

    public static FieldBuilder<TSource, TReturn> SignedIn<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field.Authorize();

    public static FieldBuilder<TSource, TReturn> OnBoard<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, BoardRole role, BoardLocator locator) =>
        field.AuthorizeWithPolicy(PolicyPrefix + role.ToString().ToLowerInvariant()).WithMetadata(LocatorKey, locator);

    /// <summary>The role a field needs, from its policy; null for fields that are not about one board.</summary>
    public static BoardRole? RequiredRole(IMetadataReader field) =>
        field.GetPolicies()?.Where(p => p.StartsWith(PolicyPrefix, StringComparison.Ordinal))
            .Select(p => Enum.Parse<BoardRole>(p[PolicyPrefix.Length..], ignoreCase: true))
            .Cast<BoardRole?>()
            .FirstOrDefault();

    public static void EnsureEveryRootFieldDeclaresAccess(params IComplexGraphType?[] roots)
    {
        var undeclared = roots.Where(r => r is not null)
            .SelectMany(r => r!.Fields.Select(f => (Root: r.Name, Field: f)))
            .Where(x => !x.Field.IsAuthorizationRequired() ||
                        (RequiredRole(x.Field) is not null && x.Field.GetMetadata<BoardLocator>(LocatorKey) is null))
            .Select(x => $"{x.Root}.{x.Field.Name}")
            .ToList();
        if (undeclared.Count > 0)
            throw new InvalidOperationException($"Root fields without an access rule (SignedIn or OnBoard): {string.Join(", ", undeclared)}.");
    }

    /// <summary>
    /// The viewer's role on a board (null for a non-member or no such board) and the board's row, in one statement; the
    /// row is kept for the request (<see cref="CheckedBoards"/>), so <c>board(id)</c> reads no second time.
    /// </summary>
    public static async Task<BoardRole?> RoleAndBoardAsync(
        Infrastructure.Persistence.KanbanDbContext db, CheckedBoards boards, Guid boardId, string userId, CancellationToken cancellationToken)
    {
        var found = await db.Boards.AsNoTracking().Where(b => b.Id == boardId)
            .Select(b => new
            {
                Board = b,
                Role = db.BoardMembers.Where(m => m.BoardId == b.Id && m.UserId == userId).Select(m => (BoardRole?)m.Role).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found?.Role is not null)
            boards.Keep(found.Board);
        return found?.Role;
    }

    /// <summary>The viewer's role on a board, or null for a non-member.</summary>
    public static Task<BoardRole?> RoleAsync(Infrastructure.Persistence.KanbanDbContext db, Guid boardId, string userId, CancellationToken cancellationToken) =>
        db.BoardMembers.Where(m => m.BoardId == boardId && m.UserId == userId).Select(m => (BoardRole?)m.Role).SingleOrDefaultAsync(cancellationToken);

}

/// <summary>The resolver guard: runs before every root field that is about one board.</summary>
public sealed class BoardAccessMiddleware : IFieldMiddleware
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        // A subscription is checked once by its stream resolver, not again for every event it delivers.
        if (context.Operation.Operation != GraphQLParser.AST.OperationType.Subscription &&
            context.FieldDefinition.GetMetadata<BoardLocator>(BoardAccess.LocatorKey) is { } locate &&
            BoardAccess.RequiredRole(context.FieldDefinition) is { } required)
        {
            var located = await locate(context);
            // A query reads the board's row with the check (board(id) takes it from there); a mutation checks again under the board's lock.
            var role = context.Operation.Operation == GraphQLParser.AST.OperationType.Query
                ? await BoardAccess.RoleAndBoardAsync(context.Db(), context.RequestService<CheckedBoards>(), located.BoardId, context.ViewerId(), context.CancellationToken)
                : await BoardAccess.RoleAsync(context.Db(), located.BoardId, context.ViewerId(), context.CancellationToken);
            BoardRoles.Check(role, required, located.What, located.RawId);
            context.Writes().Guard(located, required);
        }

        return await next(context);
    }
}

/// <summary>The rows of the boards the access check read for this request's query, for the fields that return them.</summary>
public sealed class CheckedBoards
{
    private readonly Dictionary<Guid, Board> _boards = [];

    public void Keep(Board board) => _boards[board.Id] = board;

    public Board? Find(Guid boardId) => _boards.GetValueOrDefault(boardId);
}
