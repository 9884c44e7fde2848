using System.Collections;
using System.Linq.Expressions;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Common.Filtering;

public enum FilterKind
{
    Text,
    Comparable,
    Flag,
    Id,
    Choice,
    TextList,

    /// <summary>A field that turns each operation into its own condition (<see cref="FilterField{TRow}.Compute"/>).</summary>
    Computed,
}

/// <summary>One filterable field: its name in the <c>where</c> input, its expression over the row, and its kind.</summary>
public sealed record FilterField<TRow>(string Name, LambdaExpression Member, FilterKind Kind, Func<string, object>? ParseId = null)
{
    /// <summary>
    /// For <see cref="FilterKind.Computed"/>: the condition of one operation (its name and operand) on the member, e.g. a
    /// score bound as a bound of the stored key; null for an operation the field does not take.
    /// </summary>
    public Func<Expression, string, object, Expression?>? Compute { get; init; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "FilterField<Row>.Of(...) reads better than a factory that cannot infer the row type.")]
    public static FilterField<TRow> Of<TValue>(string name, Expression<Func<TRow, TValue>> member, FilterKind kind, Func<string, object>? parseId = null) =>
        new(name, member, kind, parseId);
}

/// <summary>
/// Turns a <c>where</c> input (HotChocolate's shape: <c>and</c>, <c>or</c>, and one operation input per field) into
/// one predicate the database evaluates. Nothing is filtered in memory. Refuses nulls, empty <c>and</c>/<c>or</c>,
/// lists over <see cref="FilterOps.MaxListValues"/> and filters over <see cref="MaxOperations"/> operations, with VALIDATION.
/// </summary>
public sealed class Filter<TRow>(IReadOnlyList<FilterField<TRow>> fields, DatabaseProvider provider)
{
    public const int MaxOperations = 50;
    public const int MaxNesting = 5;

    private readonly Dictionary<string, FilterField<TRow>> _fields = fields.ToDictionary(f => f.Name);

    /// <summary>The predicate, or null when the input sets no condition.</summary>
    public Expression<Func<TRow, bool>>? Translate(IDictionary<string, object?>? where, string argument = "where")
    {
        if (where is null)
            return null;
        var row = Expression.Parameter(typeof(TRow), "row");
        var operations = 0;
        var body = Object(where, row, argument, 0, ref operations);
        return body is null ? null : Expression.Lambda<Func<TRow, bool>>(body, row);
    }

    private Expression? Object(IDictionary<string, object?> where, ParameterExpression row, string path, int nesting, ref int operations)
    {
        if (nesting > MaxNesting)
            throw Invalid(path, $"'{path}' nests and/or deeper than {MaxNesting} levels.");
        Expression? all = null;
        foreach (var (name, value) in where)
        {
            var here = $"{path}.{name}";
            Expression? condition;
            if (name is FilterOps.And or FilterOps.Or)
            {
                var parts = (value as IEnumerable)?.Cast<object?>().ToList() ?? throw Invalid(here, $"'{here}' must be a list of conditions.");
                if (parts.Count == 0)
                    throw Invalid(here, $"'{here}' needs at least one condition.");
                var joined = new List<Expression>();
                for (var i = 0; i < parts.Count; i++)
                {
                    var part = parts[i] as IDictionary<string, object?> ?? throw Invalid($"{here}[{i}]", $"'{here}[{i}]' must be a condition.");
                    joined.Add(Object(part, row, $"{here}[{i}]", nesting + 1, ref operations) ?? Expression.Constant(true));
                }

                condition = joined.Aggregate((a, b) => name == FilterOps.And ? Expression.AndAlso(a, b) : Expression.OrElse(a, b));
            }
            else if (_fields.TryGetValue(name, out var field))
            {
                var ops = value as IDictionary<string, object?> ?? throw Invalid(here, $"'{here}' must be an object of operations.");
                condition = Field(field, Rebind.Body(field.Member, row), ops, here, ref operations);
            }
            else
            {
                throw Invalid(here, $"'{name}' cannot be filtered on.");
            }

            if (condition is not null)
                all = all is null ? condition : Expression.AndAlso(all, condition);
        }

        return all;
    }

    private Expression? Field(FilterField<TRow> field, Expression member, IDictionary<string, object?> ops, string path, ref int operations)
    {
        Expression? all = null;
        foreach (var (op, value) in ops)
        {
            var here = $"{path}.{op}";
            if (++operations > MaxOperations)
                throw new DomainException(ErrorCodes.Validation, $"The filter has more than {MaxOperations} operations.", "where");
            if (value is null)
                throw Invalid(here, $"'{here}' must not be null.");
            var condition = field.Kind == FilterKind.TextList
                ? ListOperation(member, op, value, here, ref operations)
                : Operation(field, member, op, value, here);
            all = all is null ? condition : Expression.AndAlso(all, condition);
        }

        return all;
    }

    private Expression Operation(FilterField<TRow> field, Expression member, string op, object value, string path)
    {
        if (field.Kind == FilterKind.Computed)
            return field.Compute!(member, op, value) ?? throw Invalid(path, $"'{op}' is not an operation of '{field.Name}'.");
        switch (op)
        {
            case FilterOps.Eq: return Expression.Equal(member, Value(field, member.Type, value, path));
            case FilterOps.Neq: return Expression.NotEqual(member, Value(field, member.Type, value, path));
            case FilterOps.In or FilterOps.Nin:
                var items = (value as IEnumerable)?.Cast<object?>().ToList() ?? throw Invalid(path, $"'{path}' must be a list.");
                if (items.Count > FilterOps.MaxListValues)
                    throw Invalid(path, $"'{path}' holds {items.Count} values; at most {FilterOps.MaxListValues} are allowed.");
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(member.Type))!;
                foreach (var item in items)
                    list.Add(Convert(field, member.Type, item ?? throw Invalid(path, $"'{path}' must not hold null."), path));
                Expression contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [member.Type], QueryValue.Of(list.GetType(), list), member);
                return op == FilterOps.In ? contains : Expression.Not(contains);
            case FilterOps.Contains or FilterOps.StartsWith when field.Kind == FilterKind.Text:
                return TextMatch.IgnoringCase(provider, member, (string)value, prefix: op == FilterOps.StartsWith);
            case FilterOps.Gt when field.Kind == FilterKind.Comparable: return Expression.GreaterThan(member, Value(field, member.Type, value, path));
            case FilterOps.Gte when field.Kind == FilterKind.Comparable: return Expression.GreaterThanOrEqual(member, Value(field, member.Type, value, path));
            case FilterOps.Lt when field.Kind == FilterKind.Comparable: return Expression.LessThan(member, Value(field, member.Type, value, path));
            case FilterOps.Lte when field.Kind == FilterKind.Comparable: return Expression.LessThanOrEqual(member, Value(field, member.Type, value, path));
            default: throw Invalid(path, $"'{op}' is not an operation of '{field.Name}'.");
        }
    }

    private Expression ListOperation(Expression member, string op, object value, string path, ref int operations)
    {
        var item = typeof(string);
        var any = (Expression list, LambdaExpression? predicate) => predicate is null
            ? Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [item], list)
            : Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [item], list, predicate);
        switch (op)
        {
            case FilterOps.Any:
                return (bool)value ? any(member, null) : Expression.Not(any(member, null));
            case FilterOps.Some or FilterOps.All or FilterOps.None:
                var ops = value as IDictionary<string, object?> ?? throw Invalid(path, $"'{path}' must be an object of operations.");
                var element = Expression.Parameter(item, "item");
                var text = new FilterField<TRow>(path, Expression.Lambda(element, element), FilterKind.Text);
                var condition = Field(text, element, ops, path, ref operations) ?? Expression.Constant(true);
                var predicate = Expression.Lambda(condition, element);
                return op switch
                {
                    FilterOps.Some => any(member, predicate),
                    FilterOps.None => Expression.Not(any(member, predicate)),
                    _ => Expression.Call(typeof(Enumerable), nameof(Enumerable.All), [item], member, predicate),
                };
            default:
                throw Invalid(path, $"'{op}' is not an operation of a list.");
        }
    }

    private static Expression Value(FilterField<TRow> field, Type type, object value, string path) =>
        QueryValue.Of(type, Convert(field, type, value, path));

    private static object Convert(FilterField<TRow> field, Type type, object value, string path)
    {
        if (field.Kind == FilterKind.Id)
            return field.ParseId!(value.ToString() ?? "");
        if (type.IsInstanceOfType(value))
            return value;
        try
        {
            return System.Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw Invalid(path, $"'{path}' has a value of the wrong kind.");
        }
    }

    private static DomainException Invalid(string path, string message) => new(ErrorCodes.Validation, message, path);
}

/// <summary>Case-insensitive <c>contains</c> / <c>startsWith</c> in SQL, the same on every provider.</summary>
public static class TextMatch
{
    private static readonly Expression<Func<string, string, bool>> Like = (text, pattern) => EF.Functions.Like(text, pattern, "\\");
    private static readonly Expression<Func<string, string, bool>> ILike = (text, pattern) => EF.Functions.ILike(text, pattern, "\\");
    // Expression trees EF Core turns into SQL lower(text) LIKE ...; they never run in .NET, so culture does not apply.
#pragma warning disable CA1304, CA1311, CA1862
    private static readonly Expression<Func<string, string, bool>> LowerContains = (text, term) => text.ToLower().Contains(term);
    private static readonly Expression<Func<string, string, bool>> LowerStartsWith = (text, term) => text.ToLower().StartsWith(term);
#pragma warning restore CA1304, CA1311, CA1862

    public static Expression IgnoringCase(DatabaseProvider provider, Expression text, string term, bool prefix)
    {
        var pattern = (prefix ? "" : "%") + Escape(term) + "%";
        // PostgreSQL's ILIKE and SQLite's LIKE ignore case natively (SQLite: ASCII letters only). For other terms
        // SQLite and SQL Server compare lower(text); SQLite's lower() is replaced by a Unicode one on every connection.
        return provider switch
        {
            DatabaseProvider.Postgres => Call(ILike, text, pattern),
            DatabaseProvider.Sqlite when term.All(char.IsAscii) => Call(Like, text, pattern),
            _ => Call(prefix ? LowerStartsWith : LowerContains, text, term.ToLowerInvariant()),
        };
    }

    private static string Escape(string term) => term.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static Expression Call(Expression<Func<string, string, bool>> match, Expression text, string argument)
    {
        var body = new Rebind(match.Parameters[0], text).Visit(match.Body);
        return new Rebind(match.Parameters[1], QueryValue.Of(typeof(string), argument)).Visit(body);
    }
}
