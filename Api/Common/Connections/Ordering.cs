using System.Linq.Expressions;
using System.Reflection;

namespace KanbanCustomer.Api.Common.Connections;

/// <summary>
/// One key of a keyset ordering: an expression over the row that SQL can sort and compare
/// (int, long, double, string, bool, Guid or DateTimeOffset; never null).
/// </summary>
public sealed class SortKey<TRow>
{
    private static readonly HashSet<Type> Comparable = [typeof(int), typeof(long), typeof(double), typeof(string), typeof(bool), typeof(Guid), typeof(DateTimeOffset)];

    public SortKey(string name, LambdaExpression expression)
    {
        if (!Comparable.Contains(expression.ReturnType))
            throw new ArgumentException($"Sort key '{name}' has type {expression.ReturnType.Name}, which cannot be a keyset key.", nameof(expression));
        Name = name;
        Expression = expression;
        var boxed = System.Linq.Expressions.Expression.Lambda<Func<TRow, object?>>(
            System.Linq.Expressions.Expression.Convert(expression.Body, typeof(object)), expression.Parameters);
        Read = boxed.Compile();
    }

    public string Name { get; }

    public LambdaExpression Expression { get; }

    public Type Type => Expression.ReturnType;

    /// <summary>The key's value for a row already loaded (for its cursor).</summary>
    public Func<TRow, object?> Read { get; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "SortKey<Row>.Of(r => ...) reads better than a factory that cannot infer the row type.")]
    public static SortKey<TRow> Of<TKey>(string name, Expression<Func<TRow, TKey>> expression) => new(name, expression);
}

public readonly record struct SortStep<TRow>(SortKey<TRow> Key, bool Descending);

/// <summary>
/// A total order over rows (its last key must be unique) that pages by keyset: a cursor holds the sort values of
/// its row, and the next page is "rows strictly beyond these values". Rows inserted or removed elsewhere do not move
/// a page's boundary, so cursors stay valid under concurrent writes.
/// </summary>
public sealed class Ordering<TRow>
{
    private static readonly MethodInfo OrderByMethod = QueryableMethod(nameof(Queryable.OrderBy));
    private static readonly MethodInfo OrderByDescendingMethod = QueryableMethod(nameof(Queryable.OrderByDescending));
    private static readonly MethodInfo ThenByMethod = QueryableMethod(nameof(Queryable.ThenBy));
    private static readonly MethodInfo ThenByDescendingMethod = QueryableMethod(nameof(Queryable.ThenByDescending));

    public Ordering(IReadOnlyList<SortStep<TRow>> steps)
    {
        if (steps.Count == 0)
            throw new ArgumentException("An ordering needs at least one key.", nameof(steps));
        Steps = steps;
        Signature = string.Join(",", steps.Select(s => s.Key.Name + (s.Descending ? "-" : "+")));
    }

    public IReadOnlyList<SortStep<TRow>> Steps { get; }

    /// <summary>Names the ordering inside cursors, so a cursor of one order is refused by another.</summary>
    public string Signature { get; }

    public IOrderedQueryable<TRow> Apply(IQueryable<TRow> query, bool reversed)
    {
        var expression = query.Expression;
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var descending = step.Descending != reversed;
            var method = i == 0
                ? descending ? OrderByDescendingMethod : OrderByMethod
                : descending ? ThenByDescendingMethod : ThenByMethod;
            expression = Expression.Call(method.MakeGenericMethod(typeof(TRow), step.Key.Type), expression, Expression.Quote(step.Key.Expression));
        }

        return (IOrderedQueryable<TRow>)query.Provider.CreateQuery<TRow>(expression);
    }

    /// <summary>The same order over an in-query sequence (a group's rows), for <see cref="Keyset"/>'s window form.</summary>
    public Expression ApplyInQuery(Expression rows, bool reversed)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var descending = step.Descending != reversed;
            var name = i == 0
                ? descending ? nameof(Enumerable.OrderByDescending) : nameof(Enumerable.OrderBy)
                : descending ? nameof(Enumerable.ThenByDescending) : nameof(Enumerable.ThenBy);
            rows = Expression.Call(typeof(Enumerable), name, [typeof(TRow), step.Key.Type], rows, step.Key.Expression);
        }

        return rows;
    }

    public object?[] Values(TRow row) => Steps.Select(s => s.Key.Read(row)).ToArray();

    /// <summary>
    /// Where the first <paramref name="count"/> key values <paramref name="prefix"/> sit against a cursor's values in this
    /// order: negative before, 0 level, positive after. Compared in .NET (strings ordinally), so only for keys that
    /// order alike in SQL.
    /// </summary>
    public int ComparePrefix(object?[] prefix, object?[] values, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var compared = prefix[i] is string text
                ? string.CompareOrdinal(text, (string?)values[i])
                : Comparer<object>.Default.Compare(prefix[i]!, values[i]!);
            if (compared != 0)
                return Steps[i].Descending ? -compared : compared;
        }

        return 0;
    }

    /// <summary>
    /// Rows strictly after <paramref name="values"/> in this order (or, reversed, strictly before them):
    /// k1 &gt; v1 OR (k1 = v1 AND k2 &gt; v2) OR ... with each comparison turned for descending keys.
    /// </summary>
    public Expression<Func<TRow, bool>> Beyond(object?[] values, bool reversed)
    {
        var row = Expression.Parameter(typeof(TRow), "row");
        Expression? any = null;
        Expression? equalSoFar = null;
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var key = Rebind.Body(step.Key.Expression, row);
            var value = QueryValue.Of(step.Key.Type, values[i]);
            // CompareTo(...) > 0 is how EF Core says "greater than" for strings, Guids and booleans on every provider.
            var compare = Expression.Call(key, step.Key.Type.GetMethod(nameof(IComparable<int>.CompareTo), [step.Key.Type])!, value);
            var beyond = step.Descending != reversed
                ? Expression.LessThan(compare, Expression.Constant(0))
                : Expression.GreaterThan(compare, Expression.Constant(0));
            var term = equalSoFar is null ? beyond : Expression.AndAlso(equalSoFar, beyond);
            any = any is null ? term : Expression.OrElse(any, term);
            var equal = Expression.Equal(key, value);
            equalSoFar = equalSoFar is null ? equal : Expression.AndAlso(equalSoFar, equal);
        }

        return Expression.Lambda<Func<TRow, bool>>(any!, row);
    }

    private static MethodInfo QueryableMethod(string name) =>
        typeof(Queryable).GetMethods().Single(m => m.Name == name && m.GetParameters().Length == 2);

}

/// <summary>Puts one expression in place of a parameter in a lambda's body.</summary>
public sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);

    public static Expression Body(LambdaExpression lambda, Expression argument) => new Rebind(lambda.Parameters[0], argument).Visit(lambda.Body);
}

/// <summary>Values a query sends as parameters (member access on a captured object), never as literals in the SQL.</summary>
public static class QueryValue
{
    public static Expression Of(Type type, object? value)
    {
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(type), value)!;
        return Expression.Field(Expression.Constant(box), nameof(Box<int>.Value));
    }

    private sealed class Box<T>(T value)
    {
        public readonly T Value = value;
    }
}
