using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Customers;

public static class CustomerMutations
{
    public static void AddCustomerMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CustomerPayloadType>>("addCustomer")
            .OnBoard(BoardRole.Member, Locate.BoardInput())
            .Description("Adds a customer to the board's directory; DUPLICATE_EXTERNAL_REF when another customer of the board has the external reference.")
            .Argument<NonNullGraphType<AddCustomerInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<AddCustomerInput>();
                var writes = ctx.Writes();
                return await WriteAsync(writes, Ids.Parse(input.BoardId, "Board"), async board =>
                {
                    var segment = Segment(input.SegmentId);
                    var kind = input.Kind ?? board.Swimlanes.FirstOrDefault(s => s.Id == segment)?.CustomerKind ?? CustomerKind.External;
                    await EnsureExternalRefFreeAsync(writes.Db, board.Id, input.ExternalRef, null, ctx.CancellationToken);
                    var customer = Customer.Add(board, new CustomerDetails(input.Name, kind, segment, input.ExternalRef, input.Notes), ctx.ViewerId(), writes.Now);
                    writes.Db.Customers.Add(customer);
                    return customer;
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<CustomerPayloadType>>("updateCustomer")
            .OnBoard(BoardRole.Member, Locate.CustomerInput())
            .Description("Changes a customer's name, kind, segment, external reference or notes; omitted fields keep their value.")
            .Argument<NonNullGraphType<UpdateCustomerInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<UpdateCustomerInput>();
                return await ChangeAsync(ctx, input.CustomerId, input.ExpectedVersion, async (writes, board, customer) =>
                {
                    if (input.NewExternalRef.IsSet)
                        await EnsureExternalRefFreeAsync(writes.Db, board.Id, input.NewExternalRef.Value, customer.Id, ctx.CancellationToken);
                    customer.Change(board, new CustomerDetails(
                        input.NewName.Or(customer.Name) ?? "",
                        input.Kind ?? customer.Kind,
                        input.NewSegmentId.IsSet ? Segment(input.NewSegmentId.Value) : customer.SegmentId,
                        input.NewExternalRef.Or(customer.ExternalRef),
                        input.NewNotes.Or(customer.Notes)), writes.Now);
                });
            });

        mutation.Field<NonNullGraphType<CustomerPayloadType>>("archiveCustomer")
            .OnBoard(BoardRole.Member, Locate.CustomerInput())
            .Description("Archives a customer: its evidence keeps it, but it takes no new evidence or insights until restored.")
            .Argument<NonNullGraphType<CustomerChangeInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<CustomerChangeInput>();
                return await ChangeAsync(ctx, input.CustomerId, input.ExpectedVersion, (writes, _, customer) =>
                {
                    customer.Archive(writes.Now);
                    return Task.CompletedTask;
                });
            });

        mutation.Field<NonNullGraphType<CustomerPayloadType>>("restoreCustomer")
            .OnBoard(BoardRole.Member, Locate.CustomerInput())
            .Description("Brings an archived customer back into the directory.")
            .Argument<NonNullGraphType<CustomerChangeInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<CustomerChangeInput>();
                return await ChangeAsync(ctx, input.CustomerId, input.ExpectedVersion, (writes, _, customer) =>
                {
                    customer.Restore(writes.Now);
                    return Task.CompletedTask;
                });
            });
    }

    /// <summary>The common customer write: lock its board, load board and customer, check the expected version, one domain call.</summary>
    private static async Task<CustomerPayload> ChangeAsync(
        IResolveFieldContext ctx, string rawId, int? expectedVersion, Func<BoardWrites, Board, Customer, Task> change)
    {
        var writes = ctx.Writes();
        var boardId = await writes.BoardOfCustomerAsync(rawId, ctx.CancellationToken);
        var id = Ids.Parse(rawId, "Customer");
        return await WriteAsync(writes, boardId, async board =>
        {
            var customer = await writes.Db.Customers.SingleOrDefaultAsync(c => c.Id == id && c.BoardId == board.Id, ctx.CancellationToken)
                ?? throw Ids.NotFound("Customer", rawId);
            customer.EnsureVersion(expectedVersion);
            await change(writes, board, customer);
            return customer;
        }, ctx.CancellationToken);
    }

    /// <summary>
    /// A write to the board's directory. The external reference is checked under the board's lock first; should a write
    /// that skipped the lock ever slip in between, the unique index refuses the save and it reads the same.
    /// </summary>
    private static async Task<CustomerPayload> WriteAsync(BoardWrites writes, Guid boardId, Func<Board, Task<Customer>> write, CancellationToken cancellationToken)
    {
        try
        {
            return new CustomerPayload(await writes.ChangeBoardAsync(boardId, write, cancellationToken));
        }
        catch (DbUpdateException e) when (writes.Db.Violates<Customer>(e, nameof(Customer.BoardId), nameof(Customer.ExternalRef)))
        {
            throw Duplicate();
        }
    }

    private static async Task EnsureExternalRefFreeAsync(KanbanDbContext db, Guid boardId, string? externalRef, Guid? self, CancellationToken cancellationToken)
    {
        if (Customer.CheckedExternalRef(externalRef) is { } reference &&
            await db.Customers.AnyAsync(c => c.BoardId == boardId && c.ExternalRef == reference && c.Id != self, cancellationToken))
        {
            throw Duplicate();
        }
    }

    private static DomainException Duplicate() =>
        new(ErrorCodes.DuplicateExternalRef, "Another customer of the board already has this external reference.", "externalRef");

    /// <summary>A segment id from the client: one that is not a swimlane id is a bad segment, as a swimlane of another board is.</summary>
    private static Guid? Segment(string? raw) =>
        raw is null ? null
        : Ids.TryParse(raw, "Swimlane", out var id) ? id
        : throw DomainException.Invalid("segmentId", "The segment must be a swimlane of the customer's board.");
}
