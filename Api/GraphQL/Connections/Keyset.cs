using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.GraphQL.Connections;

/// <summary>What a connection field was asked for: a page size and direction, and the cursors that bound it.</summary>
public sealed record PageArgs(int Size, bool Backward, string? After, string? Before);

/// <summary>One parent's page: its rows in order, and whether more lie beyond it in the direction paged.</summary>
public sealed record Page<TRow>(IReadOnlyList<TRow> Rows, bool HasNext, bool HasPrevious);

/// <summary>
/// Loads keyset pages in SQL. One parent: a single ordered, limited query. Several parents (a connection nested in
/// a list): one statement per <see cref="ParentsPerStatement"/> parents, each parent its own ordered, limited
/// branch of a UNION ALL, so every parent gets its own page without loading any parent's whole list.
/// </summary>
public static class Keyset
{
    public const int ParentsPerStatement = 50;

    public static async Task<Dictionary<TParent, Page<TRow>>> PagesAsync<TRow, TParent>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, TParent>> parentKey,
        IReadOnlyCollection<TParent> parents,
        Ordering<TRow> ordering,
        PageArgs page,
        CancellationToken cancellationToken)
        where TParent : notnull
    {
        if (page.After is not null)
            rows = rows.Where(ordering.Beyond(Cursor.Decode(ordering, page.After, "after"), reversed: false));
        if (page.Before is not null)
            rows = rows.Where(ordering.Beyond(Cursor.Decode(ordering, page.Before, "before"), reversed: true));

        var fetched = new List<TRow>();
        foreach (var chunk in parents.Chunk(ParentsPerStatement))
        {
            IQueryable<TRow>? union = null;
            foreach (var parent in chunk)
            {
                var branch = ordering.Apply(rows.Where(Equals(parentKey, parent)), page.Backward).Take(page.Size + 1);
                union = union is null ? branch : union.Concat(branch);
            }

            // The branches come back in no particular order; order the (small) union, keeping each parent's rows in page order.
            var statement = chunk.Length == 1 ? union! : ordering.Apply(union!, page.Backward);
            fetched.AddRange(await statement.ToListAsync(cancellationToken));
        }

        var readParent = parentKey.Compile();
        var result = new Dictionary<TParent, Page<TRow>>();
        foreach (var group in fetched.GroupBy(readParent))
        {
            var list = group.ToList();
            var more = list.Count > page.Size;
            if (more)
                list.RemoveAt(list.Count - 1);
            if (page.Backward)
                list.Reverse();
            result[group.Key] = page.Backward
                ? new Page<TRow>(list, HasNext: page.Before is not null, HasPrevious: more)
                : new Page<TRow>(list, HasNext: more, HasPrevious: page.After is not null);
        }

        foreach (var parent in parents)
        {
            result.TryAdd(parent, new Page<TRow>([], HasNext: page.Backward && page.Before is not null, HasPrevious: !page.Backward && page.After is not null));
        }

        return result;
    }

    /// <summary>How many rows each parent has (cursors aside): one grouped COUNT.</summary>
    public static async Task<Dictionary<TParent, int>> CountsAsync<TRow, TParent>(
        IQueryable<TRow> rows, Expression<Func<TRow, TParent>> parentKey, IReadOnlyCollection<TParent> parents, CancellationToken cancellationToken)
        where TParent : notnull
    {
        var list = parents.ToList();
        var row = parentKey.Parameters[0];
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TParent)],
            QueryValue.Of(typeof(List<TParent>), list), parentKey.Body);
        var counts = await rows.Where(Expression.Lambda<Func<TRow, bool>>(contains, row))
            .GroupBy(parentKey)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Key, c => c.Count);
    }

    private static Expression<Func<TRow, bool>> Equals<TRow, TParent>(Expression<Func<TRow, TParent>> parentKey, TParent parent) =>
        Expression.Lambda<Func<TRow, bool>>(
            Expression.Equal(parentKey.Body, QueryValue.Of(typeof(TParent), parent)), parentKey.Parameters);
}
