using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Customers;

namespace KanbanCustomer.Api.Customers;

/// <summary><c>Card.customers</c>: who has the problem, as the card's evidence names them.</summary>
public sealed class CardCustomersField : IObjectFields<Card>
{
    public void AddTo(ObjectGraphType<Card> type) =>
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomerType>>>>("customers")
            .Description("The distinct customers the card's evidence names (archived ones too), by name; as many as customerCount.")
            .Argument<IntGraphType>(ConnectionArguments.First,
                "Only the first N by name (a board screen showing a few, with customerCount for the rest, costs N per card, not 5).")
            .Resolve(ctx => ctx.GetArgument<int?>(ConnectionArguments.First) is { } first
                ? ctx.CustomerLoaders().CustomersByCard.Load(ctx.Source.Id).Then(all => (IReadOnlyList<Customer>)all.Take(first).ToList())
                : ctx.CustomerLoaders().CustomersByCard.Load(ctx.Source.Id));
}

/// <summary><c>Evidence.customer</c>: the customer a piece of evidence names.</summary>
public sealed class EvidenceCustomerField : IObjectFields<Evidence>
{
    public void AddTo(ObjectGraphType<Evidence> type) =>
        type.Field<CustomerType>("customer")
            .Description("The customer who has the problem, from the board's directory; null when the evidence names none.")
            .Resolve(ctx => ctx.Source.CustomerId is { } id ? ctx.CustomerLoaders().CustomerById.Load(id) : null);
}
