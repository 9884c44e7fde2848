using GraphQL.Types;

namespace KanbanCustomer.Api.Common;

/// <summary>
/// Fields one feature adds to an object type another feature owns (Cards gives <c>Board.cards</c>, Events gives
/// <c>Card.events</c>), so that the owner needs no reference to the feature: the owner's constructor takes every
/// registered <see cref="IObjectFields{TSource}"/> of its source type and adds them after its own fields, in the order
/// they are registered (SchemaSetup).
/// </summary>
public interface IObjectFields<TSource>
{
    void AddTo(ObjectGraphType<TSource> type);
}

public static class ObjectFieldsExtensions
{
    public static void AddFieldsOf<TSource>(this ObjectGraphType<TSource> type, IEnumerable<IObjectFields<TSource>> features)
    {
        foreach (var feature in features)
            feature.AddTo(type);
    }
}
