using System.Security.Claims;
using GraphQL;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Common;

public static class ContextExtensions
{
    public static KanbanDbContext Db(this IResolveFieldContext context) => context.RequestService<KanbanDbContext>();

    public static BoardWrites Writes(this IResolveFieldContext context) => context.RequestService<BoardWrites>();

    /// <summary>The <c>input</c> argument as its fields; access rules read the id in it before the resolver runs.</summary>
    public static IDictionary<string, object?> Input(this IResolveFieldContext context) =>
        context.GetArgument<IDictionary<string, object?>>("input") ?? throw DomainException.Invalid("input", "Input is required.");

    /// <summary>The <c>input</c> argument as its record: GraphQL.NET maps the input object's fields onto it by name.</summary>
    public static T Input<T>(this IResolveFieldContext context) where T : class =>
        context.GetArgument<T>("input") ?? throw DomainException.Invalid("input", "Input is required.");

    /// <summary>The signed-in user's id (the token's <c>sub</c>); the transport refuses anonymous requests.</summary>
    public static string ViewerId(this IResolveFieldContext context) =>
        context.User?.FindFirstValue("sub") is { Length: > 0 } sub
            ? sub
            : throw new DomainException(ErrorCodes.Unauthenticated, "Sign in with a bearer token.");

    /// <summary>A service of the request's scope.</summary>
    public static T RequestService<T>(this IResolveFieldContext context) where T : notnull =>
        (context.RequestServices ?? throw new InvalidOperationException("RequestServices is not set.")).GetRequiredService<T>();
}
