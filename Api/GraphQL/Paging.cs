using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace KanbanCustomer.Api.GraphQL;

/// <summary>The optional <c>first</c> argument of list fields; its range is checked before execution (<see cref="PageSizeRule"/>).</summary>
public static class Paging
{
    public static FieldBuilder<TSource, TReturn> FirstArgument<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string items) =>
        field.Argument<IntGraphType>(PageSizeRule.Argument, $"Only the first N {items} (1 to the server's page size limit, 500 by default); all when omitted.");

    public static int? First(this IResolveFieldContext context) => context.GetArgument<int?>(PageSizeRule.Argument);

    /// <summary>The list cut to <c>first</c>, when given.</summary>
    public static IReadOnlyList<T> FirstPage<T>(this IReadOnlyList<T> items, IResolveFieldContext context) =>
        context.First() is int first && first < items.Count ? items.Take(first).ToList() : items;

    /// <summary>The query cut to <c>first</c>, when given.</summary>
    public static IQueryable<T> FirstPage<T>(this IQueryable<T> query, IResolveFieldContext context) =>
        context.First() is int first ? query.Take(first) : query;
}
