using System.Runtime.CompilerServices;
using KanbanCustomer.Domain.Notifications;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Infrastructure.Notifications;

/// <summary>
/// A person's notifications as they are written, read from the database every <c>Notifications:StreamInterval</c>:
/// whichever instance's fan-out wrote one, a subscriber on any instance gets it. After a resume point the missed ones
/// come first. Each is sent once; one that a slower transaction committed after a newer one (two boards' fan-outs at
/// once) comes late rather than never: the feed looks back <see cref="LookBack"/> besides reading past the newest id.
/// </summary>
public sealed class NotificationFeed(IServiceScopeFactory scopes, NotificationOptions options, TimeProvider time)
{
    public static readonly TimeSpan LookBack = TimeSpan.FromSeconds(10);
    private const int Batch = 100;

    public async IAsyncEnumerable<Notification> ReadAsync(string userId, long? afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = afterId ?? await NewestAsync(userId, cancellationToken);
        var last = start;
        var sent = new Dictionary<long, DateTimeOffset>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var since = time.GetUtcNow() - LookBack;
            List<Notification> found;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
                var floor = last;
                found = await db.Notifications.AsNoTracking()
                    .Where(n => n.UserId == userId && (n.Id > floor || (n.CreatedAt >= since && n.Id > start)))
                    .OrderBy(n => n.Id)
                    .Take(Batch)
                    .ToListAsync(cancellationToken);
            }

            foreach (var notification in found.Where(n => sent.TryAdd(n.Id, n.CreatedAt)))
            {
                last = Math.Max(last, notification.Id);
                yield return notification;
            }

            foreach (var old in sent.Where(s => s.Value < since && s.Key <= last).Select(s => s.Key).ToList())
                sent.Remove(old);
            if (found.Count < Batch)
                await Task.Delay(options.StreamInterval, cancellationToken);
        }
    }

    private async Task<long> NewestAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        return await db.Notifications.Where(n => n.UserId == userId).MaxAsync(n => (long?)n.Id, cancellationToken) ?? 0;
    }
}
