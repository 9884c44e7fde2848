using System.Collections;
using GraphQL.Types;

namespace KanbanCustomer.Api.Common.Filtering;

// Operation inputs in the convention HotChocolate users know: one input per scalar, one field per operation.

public sealed class StringOperationFilterInputType : InputObjectGraphType
{
    public StringOperationFilterInputType()
    {
        Name = "StringOperationFilterInput";
        Description = "Conditions on a text; all given ones must hold. contains and startsWith ignore case (on every database); eq and in compare exactly.";
        FilterOps.AddEquality<StringGraphType>(this);
        Field<StringGraphType>(FilterOps.Contains).Description("Contains, ignoring case.");
        Field<StringGraphType>(FilterOps.StartsWith).Description("Starts with, ignoring case.");
    }
}

public sealed class IntOperationFilterInputType : InputObjectGraphType
{
    public IntOperationFilterInputType()
    {
        Name = "IntOperationFilterInput";
        Description = "Conditions on a number; all given ones must hold.";
        FilterOps.AddComparable<IntGraphType>(this);
    }
}

public sealed class DateTimeOperationFilterInputType : InputObjectGraphType
{
    public DateTimeOperationFilterInputType()
    {
        Name = "DateTimeOperationFilterInput";
        Description = "Conditions on a point in time; all given ones must hold.";
        FilterOps.AddComparable<DateTimeOffsetGraphType>(this);
    }
}

public sealed class BooleanOperationFilterInputType : InputObjectGraphType
{
    public BooleanOperationFilterInputType()
    {
        Name = "BooleanOperationFilterInput";
        Description = "Conditions on a flag.";
        Field<BooleanGraphType>(FilterOps.Eq).Description("Equal to.");
        Field<BooleanGraphType>(FilterOps.Neq).Description("Not equal to.");
    }
}

public sealed class IdOperationFilterInputType : InputObjectGraphType
{
    public IdOperationFilterInputType()
    {
        Name = "IdOperationFilterInput";
        Description = "Conditions on an id; all given ones must hold.";
        FilterOps.AddEquality<IdGraphType>(this, "ids");
    }
}

public sealed class ListStringOperationFilterInputType : InputObjectGraphType
{
    public ListStringOperationFilterInputType()
    {
        Name = "ListStringOperationFilterInput";
        Description = "Conditions on a list of texts; all given ones must hold.";
        Field<StringOperationFilterInputType>(FilterOps.Some).Description("At least one item meets the conditions.");
        Field<StringOperationFilterInputType>(FilterOps.All).Description("Every item meets the conditions (true for an empty list).");
        Field<StringOperationFilterInputType>(FilterOps.None).Description("No item meets the conditions.");
        Field<BooleanGraphType>(FilterOps.Any).Description("true: the list has items; false: it is empty.");
    }
}

/// <summary>Ascending or descending, as HotChocolate's sort inputs say it.</summary>
public sealed class SortEnumType : EnumerationGraphType
{
    public SortEnumType()
    {
        Name = "SortEnumType";
        Description = "Sort direction.";
        Add("ASC", false, "Ascending: smallest, earliest, A first; false before true.");
        Add("DESC", true, "Descending: largest, latest, Z first; true before false.");
    }
}

public static class FilterOps
{
    public const string And = "and";
    public const string Or = "or";
    public const string Eq = "eq";
    public const string Neq = "neq";
    public const string In = "in";
    public const string Nin = "nin";
    public const string Contains = "contains";
    public const string StartsWith = "startsWith";
    public const string Gt = "gt";
    public const string Gte = "gte";
    public const string Lt = "lt";
    public const string Lte = "lte";
    public const string Some = "some";
    public const string All = "all";
    public const string None = "none";
    public const string Any = "any";

    /// <summary>How many operations a <c>where</c> input holds (for the cost estimate, before anything runs).</summary>
    public static int CountOperations(object? input) => input switch
    {
        IDictionary<string, object?> map => map.Sum(pair => pair.Key is FilterOps.And or FilterOps.Or || pair.Value is IDictionary<string, object?>
            ? CountOperations(pair.Value)
            : 1),
        IEnumerable list and not string => list.Cast<object?>().Sum(CountOperations),
        _ => 0,
    };

    /// <summary>Whether a <c>where</c> input names <paramref name="field"/> anywhere, inside <c>and</c> / <c>or</c> too.</summary>
    public static bool Mentions(object? input, string field) => input switch
    {
        IDictionary<string, object?> map => map.Any(pair => pair.Key == field || Mentions(pair.Value, field)),
        IEnumerable list and not string => list.Cast<object?>().Any(item => Mentions(item, field)),
        _ => false,
    };

    /// <summary>Most values an <c>in</c> or <c>nin</c> list may hold.</summary>
    public const int MaxListValues = 100;

    /// <summary><c>eq</c>, <c>neq</c>, <c>in</c> and <c>nin</c> on values of <typeparamref name="TValue"/>.</summary>
    public static void AddEquality<TValue>(InputObjectGraphType type, string items = "values") where TValue : IGraphType
    {
        type.Field<TValue>(Eq).Description("Equal to.");
        type.Field<TValue>(Neq).Description("Not equal to.");
        type.Field<ListGraphType<NonNullGraphType<TValue>>>(In).Description($"One of (at most {MaxListValues} {items}).");
        type.Field<ListGraphType<NonNullGraphType<TValue>>>(Nin).Description($"None of (at most {MaxListValues} {items}).");
    }

    /// <summary>The equality operations and <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>.</summary>
    public static void AddComparable<TScalar>(InputObjectGraphType type) where TScalar : ScalarGraphType
    {
        AddEquality<TScalar>(type);
        type.Field<TScalar>(Gt).Description("Greater (later) than.");
        type.Field<TScalar>(Gte).Description("Greater (later) than or equal to.");
        type.Field<TScalar>(Lt).Description("Less (earlier) than.");
        type.Field<TScalar>(Lte).Description("Less (earlier) than or equal to.");
    }
}
