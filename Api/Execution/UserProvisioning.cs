using System.Collections.Concurrent;
using KanbanCustomer.Domain.Users;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Creates a user row on a person's first authenticated request and keeps their display name current.
/// Known (id, name) pairs are remembered per process, so a steady user costs no query.
/// </summary>
public sealed class UserProvisioning(KanbanDbContext db, TimeProvider time, UserProvisioning.KnownUsers known)
{

    public async Task EnsureAsync(string userId, string? name, CancellationToken cancellationToken)
    {
        if (known.Knows(userId, name))
            return;

        // One at a time in this process: a person's first requests often come together, and the loser's failed insert
        // would be logged as a database error. Across instances the catch below still settles it.
        await known.Writes.WaitAsync(cancellationToken);
        try
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null)
                db.Users.Add(new User(userId, name, time.GetUtcNow()));
            else
                user.Rename(name);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance provisioned the same person first; theirs stands.
        }
        finally
        {
            db.ChangeTracker.Clear();
            known.Writes.Release();
        }

        // Bounded: past MaxRemembered people the memory starts over (each then costs one query again).
        if (known.Names.Count >= KnownUsers.MaxRemembered)
            known.Names.Clear();
        known.Names[userId] = User.DisplayName(name, userId);
    }

    /// <summary>The (id, display name) pairs this process has already written.</summary>
    public sealed class KnownUsers : IDisposable
    {
        public const int MaxRemembered = 10_000;

        public ConcurrentDictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

        public SemaphoreSlim Writes { get; } = new(1, 1);

        /// <summary>Whether this process already wrote the person with this name (then nothing needs a DbContext).</summary>
        public bool Knows(string userId, string? name) =>
            Names.TryGetValue(userId, out var known) && known == User.DisplayName(name, userId);

        public void Dispose() => Writes.Dispose();
    }
}
