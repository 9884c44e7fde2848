using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Common.Connections;

/// <summary>Reads an <c>order</c> argument (HotChocolate's shape: a list of one-field items, ASC or DESC) as an ordering.</summary>
public static class SortInput
{
    /// <summary>
    /// The ordering the items ask for, each field's keys in turn, ending in <paramref name="id"/> in the last field's
    /// direction (so an index on (parent, field, id) serves it); <paramref name="defaultOrder"/> when none is given.
    /// </summary>
    public static Ordering<TRow> Order<TRow>(List<object?>? order, IReadOnlyDictionary<string, SortKey<TRow>[]> fields, SortKey<TRow> id,
        Ordering<TRow> defaultOrder, int maxFields)
    {
        if (order is null || order.Count == 0)
            return defaultOrder;
        if (order.Count > maxFields)
            throw new DomainException(ErrorCodes.Validation, $"'order' holds {order.Count} items; at most {maxFields} are allowed.", "order");
        var steps = new List<SortStep<TRow>>();
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] is not IDictionary<string, object?> { Count: 1 } item || item.First().Value is not bool descending)
                throw new DomainException(ErrorCodes.Validation, $"'order[{i}]' must name exactly one field with ASC or DESC, e.g. {{ createdAt: DESC }}.", $"order[{i}]");
            var (name, _) = item.First();
            foreach (var key in fields[name])
            {
                if (steps.Exists(s => s.Key == key))
                    throw new DomainException(ErrorCodes.Validation, $"'order' names '{name}' twice.", $"order[{i}]");
                steps.Add(new SortStep<TRow>(key, descending));
            }
        }

        steps.Add(new SortStep<TRow>(id, steps[^1].Descending));
        return new Ordering<TRow>(steps);
    }
}
