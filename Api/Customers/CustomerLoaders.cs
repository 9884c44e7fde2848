using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Customers;

/// <summary>Per-request loaders for the customer directory; each runs one query per batch.</summary>
public sealed class CustomerLoaders : IRequestLoaders
{
    public CustomerLoaders(KanbanDbContext db)
    {
        CustomerById = new(async (ids, ct) =>
            await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Customer?)c, ct), null);
    }

    public BatchLoader<Guid, Customer?> CustomerById { get; }

    public void Clear() => CustomerById.Clear();
}

public static class CustomerLoadersContext
{
    public static CustomerLoaders CustomerLoaders(this GraphQL.IResolveFieldContext context) => context.RequestService<CustomerLoaders>();
}
