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
        CustomersByCard = new(async (ids, ct) =>
        {
            var named = db.Evidence.Where(e => ids.Contains(e.CardId) && e.CustomerId != null).Select(e => new { e.CardId, e.CustomerId }).Distinct();
            var rows = await (from pair in named
                              join customer in db.Customers on pair.CustomerId equals customer.Id
                              select new { pair.CardId, Customer = customer }).AsNoTracking().ToListAsync(ct);
            return rows.GroupBy(r => r.CardId).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<Customer>)g.Select(r => r.Customer).OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).ToList());
        }, []);
        EvidenceCountByCustomer = new(async (ids, ct) =>
            await db.Evidence.Where(e => e.CustomerId != null && ids.Contains(e.CustomerId.Value))
                .GroupBy(e => e.CustomerId!.Value).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, ct), 0);
    }

    public BatchLoader<Guid, Customer?> CustomerById { get; }

    /// <summary>The distinct customers a card's evidence names, by name.</summary>
    public BatchLoader<Guid, IReadOnlyList<Customer>> CustomersByCard { get; }

    public BatchLoader<Guid, int> EvidenceCountByCustomer { get; }

    public void Clear()
    {
        CustomerById.Clear();
        CustomersByCard.Clear();
        EvidenceCountByCustomer.Clear();
    }
}

public static class CustomerLoadersContext
{
    public static CustomerLoaders CustomerLoaders(this GraphQL.IResolveFieldContext context) => context.RequestService<CustomerLoaders>();
}
