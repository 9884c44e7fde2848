using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace KanbanCustomer.Api.Common;

/// <summary>
/// What a field's own work adds to the operation's estimated cost, from its arguments (a simulation's trials, a
/// computation over a board's history): the cost rule adds it to the 1 every field costs, during validation, before
/// anything runs. The function reads an argument by name (null when absent or a variable left unset).
/// </summary>
public static class FieldCost
{
    public const string Key = "kanban:cost";

    public static FieldBuilder<TSource, TReturn> Costs<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Func<Func<string, object?>, double> cost) =>
        field.WithMetadata(Key, cost);

    /// <summary>The field's own cost for the given arguments; 0 for a field that declares none.</summary>
    public static double Of(FieldType field, Func<string, object?> argument) =>
        field.GetMetadata<Func<Func<string, object?>, double>?>(Key) is { } cost ? cost(argument) : 0;
}
