using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common.Filtering;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Customers;

/// <summary><c>Board.customers</c>: the board's customer directory, a connection with <c>where</c> and <c>order</c> like the card lists.</summary>
public sealed class BoardCustomersField : IObjectFields<Board>
{
    private static readonly IReadOnlyList<FilterField<Customer>> FilterFields =
    [
        FilterField<Customer>.Of("name", c => c.Name, FilterKind.Text),
        FilterField<Customer>.Of("kind", c => c.Kind, FilterKind.Choice),
        FilterField<Customer>.Of("segmentId", c => c.SegmentId, FilterKind.Id, raw => Ids.Parse(raw, "Swimlane")),
        FilterField<Customer>.Of("externalRef", c => c.ExternalRef, FilterKind.Text),
        FilterField<Customer>.Of("isArchived", c => c.IsArchived, FilterKind.Flag),
        FilterField<Customer>.Of("createdAt", c => c.CreatedAt, FilterKind.Comparable),
    ];

    private static readonly SortKey<Customer> Id = SortKey<Customer>.Of("id", c => c.Id);
    private static readonly SortKey<Customer> Name = SortKey<Customer>.Of("name", c => c.Name);

    private static readonly Dictionary<string, SortKey<Customer>[]> SortFields = new()
    {
        ["name"] = [Name],
        ["kind"] = [SortKey<Customer>.Of("kind", c => c.Kind == CustomerKind.External ? 0 : 1)],
        ["createdAt"] = [SortKey<Customer>.Of("createdAt", c => c.CreatedAt)],
        ["updatedAt"] = [SortKey<Customer>.Of("updatedAt", c => c.UpdatedAt)],
    };

    /// <summary>The directory's own order: by name, ties by id (its index).</summary>
    private static readonly Ordering<Customer> ByName = new([new(Name, false), new(Id, false)]);

    public static IEnumerable<string> SortFieldNames => SortFields.Keys;

    public void AddTo(ObjectGraphType<Board> type) =>
        type.Field<NonNullGraphType<CustomerConnectionType>>("customers")
            .Description("The board's customer directory, a page at a time; by name unless asked otherwise, archived customers only when the filter names isArchived.")
            .Argument<CustomerFilterInputType>("where", "Only customers that meet these conditions (HotChocolate's filter convention).")
            .Argument<ListGraphType<NonNullGraphType<CustomerSortInputType>>>("order", "Sort by these fields, in this order; one field per item (default: name). Ties end in customer id order, in the last field's direction.")
            .PageArguments("customers")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id, () => Spec(ctx), c => c));

    private static ConnectionSpec<Customer, Guid> Spec(IResolveFieldContext context)
    {
        var db = context.Db();
        var where = context.GetArgument<IDictionary<string, object?>?>("where");
        var order = SortInput.Order(context.GetArgument<List<object?>?>("order"), SortFields, Id, ByName, SortFields.Count);
        var rows = db.Customers.AsNoTracking();
        if (!FilterOps.Mentions(where, "isArchived"))
            rows = rows.Where(c => !c.IsArchived);
        if (new Filter<Customer>(FilterFields, db.Provider).Translate(where) is { } filter)
            rows = rows.Where(filter);
        return new ConnectionSpec<Customer, Guid>(rows, c => c.BoardId, order);
    }
}

public sealed class CustomerFilterInputType : InputObjectGraphType
{
    public CustomerFilterInputType()
    {
        Name = "CustomerFilterInput";
        Description = "Conditions on customers; all given fields must hold. Combine with and / or. Without isArchived, archived customers are left out.";
        Field<ListGraphType<NonNullGraphType<CustomerFilterInputType>>>(FilterOps.And).Description("All of these hold.");
        Field<ListGraphType<NonNullGraphType<CustomerFilterInputType>>>(FilterOps.Or).Description("At least one of these holds.");
        Field<StringOperationFilterInputType>("name").Description("The name.");
        Field<CustomerKindOperationFilterInputType>("kind").Description("External or internal.");
        Field<IdOperationFilterInputType>("segmentId").Description("The segment (a swimlane id).");
        Field<StringOperationFilterInputType>("externalRef").Description("The external reference.");
        Field<BooleanOperationFilterInputType>("isArchived").Description("Archived or not; naming it anywhere lifts the default of active customers only.");
        Field<DateTimeOperationFilterInputType>("createdAt").Description("When it was added.");
    }
}

public sealed class CustomerSortInputType : InputObjectGraphType
{
    public CustomerSortInputType()
    {
        Name = "CustomerSortInput";
        Description = "One sort field and its direction, e.g. { name: ASC }.";
        foreach (var name in BoardCustomersField.SortFieldNames)
            Field<SortEnumType>(name).Description($"By {name}.");
    }
}
