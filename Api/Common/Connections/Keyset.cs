using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Common.Connections;

/// <summary>What a connection field was asked for: a page size and direction, and the cursors that bound it.</summary>
public sealed record PageArgs(int Size, bool Backward, string? After, string? Before);

/// <summary>One parent's page: its rows in order, and whether more lie beyond it in the direction paged.</summary>
public sealed record Page<TRow>(IReadOnlyList<TRow> Rows, bool HasNext, bool HasPrevious);

/// <summary>One part of a parent's rows (<paramref name="Rows"/>) and the values its rows share for the ordering's leading keys.</summary>
public sealed record Partition<TRow>(Expression<Func<TRow, bool>> Rows, object?[] Prefix);

/// <summary>
/// The parts a parent's rows fall into when the ordering's first <see cref="PrefixKeys"/> keys are constant within each
/// part (a board's cells for the board order: column position, swimlane position). The parents' pages are then one
/// UNION ALL of one branch per part, each ordered by the remaining keys, so each walks its own index range and stops
/// after a page, instead of joining and sorting every row of the parent. Worth it only for large parents: the loader
/// returns null when sorting the parents' rows is cheaper. The prefix keys must order alike in .NET and in SQL
/// (positions: integers).
/// </summary>
public sealed record Partitioning<TRow, TParent>(
    int PrefixKeys, Func<IReadOnlyCollection<TParent>, CancellationToken, Task<Dictionary<TParent, List<Partition<TRow>>>?>> LoadAsync)
    where TParent : notnull
{
    /// <summary>More parts than this in one batch (a 20 x 20 board has 400 cells) page the ordinary way.</summary>
    public const int MaxParts = 400;
}

/// <summary>
/// Loads keyset pages in SQL, one statement per level. One parent: an ordered, limited query (or, with partitions, one
/// branch per part; see <see cref="Partitioning{TRow, TParent}"/>). Up to
/// <see cref="UnionParents"/> parents (a board's columns): a UNION ALL of one ordered, limited branch per parent, each
/// walking its own index range, so a column of a huge board never sorts the board. More parents (the cards of a
/// page, each with its evidence): one statement that numbers each parent's rows (ROW_NUMBER() OVER (PARTITION BY
/// the parent)) and keeps the first page of each.
/// </summary>
public static class Keyset
{
    public const int UnionParents = 20;

    public static async Task<Dictionary<TParent, Page<TRow>>> PagesAsync<TRow, TParent>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, TParent>> parentKey,
        IReadOnlyCollection<TParent> parents,
        Ordering<TRow> ordering,
        PageArgs page,
        CancellationToken cancellationToken,
        Partitioning<TRow, TParent>? partitions = null)
        where TParent : notnull
    {
        var after = page.After is null ? null : Cursor.Decode(ordering, page.After, "after");
        var before = page.Before is null ? null : Cursor.Decode(ordering, page.Before, "before");
        if (after is not null)
            rows = rows.Where(ordering.Beyond(after, reversed: false));
        if (before is not null)
            rows = rows.Where(ordering.Beyond(before, reversed: true));

        var fetched = new List<TRow>();
        // Many parents (a list of boards' columns) page in one window statement instead: a branch per part would not scale.
        var parts = partitions is null || parents.Count > UnionParents ? null : await partitions.LoadAsync(parents, cancellationToken);
        if (parts is not null && parents.Sum(p => parts.GetValueOrDefault(p)?.Count ?? 0) <= Partitioning<TRow, TParent>.MaxParts)
        {
            var prefix = partitions!.PrefixKeys;
            var within = new Ordering<TRow>(ordering.Steps.Skip(prefix).ToList());
            IQueryable<TRow>? union = null;
            var branches = 0;
            foreach (var parent in parents)
            {
                var rowsOfParent = rows.Where(Equals(parentKey, parent));
                // Parts wholly before the 'after' cursor or beyond the 'before' cursor hold nothing of the page.
                foreach (var part in (parts.GetValueOrDefault(parent) ?? []).Where(p => (after is null || ordering.ComparePrefix(p.Prefix, after, prefix) >= 0)
                    && (before is null || ordering.ComparePrefix(p.Prefix, before, prefix) <= 0)))
                {
                    var branch = within.Apply(rowsOfParent.Where(part.Rows), page.Backward).Take(page.Size + 1);
                    union = union is null ? branch : union.Concat(branch);
                    branches++;
                }
            }

            // One parent: the union's first page (plus one) in SQL, so only those rows are read and materialised.
            if (union is not null && branches > 1)
                union = parents.Count == 1 ? ordering.Apply(union, page.Backward).Take(page.Size + 1) : ordering.Apply(union, page.Backward);
            if (union is not null)
                fetched.AddRange(await union.ToListAsync(cancellationToken));
        }
        else if (parents.Count <= UnionParents)
        {
            IQueryable<TRow>? union = null;
            foreach (var parent in parents)
            {
                var branch = ordering.Apply(rows.Where(Equals(parentKey, parent)), page.Backward).Take(page.Size + 1);
                union = union is null ? branch : union.Concat(branch);
            }

            // The branches come back in no particular order; order the (small) union, keeping each parent's rows in page order.
            if (union is not null)
                fetched.AddRange(await (parents.Count == 1 ? union : ordering.Apply(union, page.Backward)).ToListAsync(cancellationToken));
        }
        else
        {
            foreach (var group in await Windowed(rows.Where(In(parentKey, parents)), parentKey, ordering, page).ToListAsync(cancellationToken))
                fetched.AddRange(group);
        }

        var readParent = ReadParent(parentKey);
        var result = new Dictionary<TParent, Page<TRow>>();
        foreach (var group in fetched.GroupBy(readParent))
        {
            // At most one row beyond the page (several, when the parent's parts each brought their own).
            var list = group.Take(page.Size + 1).ToList();
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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type Row, string Key), Delegate> Compiled = new();

    /// <summary>
    /// The parent key as a delegate, compiled once per key (compiling per request costs a dynamic method each time).
    /// Keys that capture a value (shown as "value(...)") are compiled every time: their text does not say the value.
    /// </summary>
    private static Func<TRow, TParent> ReadParent<TRow, TParent>(Expression<Func<TRow, TParent>> parentKey)
    {
        var text = parentKey.ToString();
        return text.Contains("value(", StringComparison.Ordinal)
            ? parentKey.Compile()
            : (Func<TRow, TParent>)Compiled.GetOrAdd((typeof(TRow), text), _ => parentKey.Compile());
    }

    /// <summary>How many rows each parent has (cursors aside): one grouped COUNT.</summary>
    public static async Task<Dictionary<TParent, int>> CountsAsync<TRow, TParent>(
        IQueryable<TRow> rows, Expression<Func<TRow, TParent>> parentKey, IReadOnlyCollection<TParent> parents, CancellationToken cancellationToken)
        where TParent : notnull
    {
        var counts = await rows.Where(In(parentKey, parents))
            .GroupBy(parentKey)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Key, c => c.Count);
    }

    /// <summary><c>rows.GroupBy(parent).Select(g => g.OrderBy(...).Take(size + 1).ToList())</c>, built for the ordering.</summary>
    private static IQueryable<List<TRow>> Windowed<TRow, TParent>(
        IQueryable<TRow> rows, Expression<Func<TRow, TParent>> parentKey, Ordering<TRow> ordering, PageArgs page)
    {
        var group = Expression.Parameter(typeof(IGrouping<TParent, TRow>), "group");
        var ordered = ordering.ApplyInQuery(group, page.Backward);
        var limited = Expression.Call(typeof(Enumerable), nameof(Enumerable.Take), [typeof(TRow)], ordered, Expression.Constant(page.Size + 1));
        var list = Expression.Call(typeof(Enumerable), nameof(Enumerable.ToList), [typeof(TRow)], limited);
        return rows.GroupBy(parentKey).Select(Expression.Lambda<Func<IGrouping<TParent, TRow>, List<TRow>>>(list, group));
    }

    private static Expression<Func<TRow, bool>> In<TRow, TParent>(Expression<Func<TRow, TParent>> parentKey, IReadOnlyCollection<TParent> parents) =>
        Expression.Lambda<Func<TRow, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TParent)], QueryValue.Of(typeof(List<TParent>), parents.ToList()), parentKey.Body),
            parentKey.Parameters);

    private static Expression<Func<TRow, bool>> Equals<TRow, TParent>(Expression<Func<TRow, TParent>> parentKey, TParent parent) =>
        Expression.Lambda<Func<TRow, bool>>(
            Expression.Equal(parentKey.Body, QueryValue.Of(typeof(TParent), parent)), parentKey.Parameters);
}
