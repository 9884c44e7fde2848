using System.Security.Claims;
using GraphQL;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Common;

public static class ContextExtensions
{
    public static KanbanDbContext Db(this IResolveFieldContext context) => context.Service<KanbanDbContext>();

    public static BoardWrites Writes(this IResolveFieldContext context) => context.Service<BoardWrites>();

    public static BoardLoaders BoardLoaders(this IResolveFieldContext context) => context.Service<BoardLoaders>();

    public static CardLoaders CardLoaders(this IResolveFieldContext context) => context.Service<CardLoaders>();

    public static Members.MemberLoaders MemberLoaders(this IResolveFieldContext context) => context.Service<Members.MemberLoaders>();

    public static IDictionary<string, object?> Input(this IResolveFieldContext context) =>
        context.GetArgument<IDictionary<string, object?>>("input") ?? throw DomainException.Invalid("input", "Input is required.");

    /// <summary>The signed-in user's id (the token's <c>sub</c>); the transport refuses anonymous requests.</summary>
    public static string ViewerId(this IResolveFieldContext context) =>
        context.User?.FindFirstValue("sub") is { Length: > 0 } sub
            ? sub
            : throw new DomainException(ErrorCodes.Unauthenticated, "Sign in with a bearer token.");

    private static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        (context.RequestServices ?? throw new InvalidOperationException("RequestServices is not set.")).GetRequiredService<T>();
}
