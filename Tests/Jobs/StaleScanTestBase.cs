using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Api;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>
/// The stale scan as Hangfire would run it, called directly with the fake clock moved forward instead of waiting.
/// Data is made through the API; the scan sees every board of the fixture, so each test looks at its own cards only.
/// Holds what the stale scan tests share.
/// </summary>
public abstract class StaleScanTestBase(KanbanApp app) : ApiTestBase(app)
{
    private protected static readonly object[] OneHourColumns =
    [
        new { name = "Inbox", staleAfter = "PT1H" },
        new { name = "Doing", staleAfter = "PT1H", staleBasis = "TIME_IN_COLUMN" },
        new { name = "Done", isDone = true },
    ];

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected async Task<StaleScanResult> ScanAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StaleScanJob>().RunAsync(Ct);
    }

    private protected async Task<Guid> CardIdAsync(string boardId, string? columnId = null, string title = "A customer problem") =>
        Ids.Parse((await Alice.CreateCardAsync(boardId, title, columnId)).Str("id"), "Card");

    private protected sealed record StoredEvent(string Type, string ActorId, JsonElement Payload);

    private protected async Task<List<StoredEvent>> EventsAsync(Guid cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var rows = await db.BoardEvents.AsNoTracking().Where(e => e.CardId == cardId).OrderBy(e => e.Seq)
            .Select(e => new { e.Type, e.ActorId, e.Payload }).ToListAsync(Ct);
        return rows.Select(r => new StoredEvent(r.Type, r.ActorId, JsonDocument.Parse(r.Payload).RootElement.Clone())).ToList();
    }

    private protected async Task<int> EventCountAsync(Guid cardId, string type) => (await EventsAsync(cardId)).Count(e => e.Type == type);

    private protected async Task<StoredEvent> LastEventAsync(Guid cardId, string type) => (await EventsAsync(cardId)).Last(e => e.Type == type);

    private protected async Task<DateTimeOffset?> StaleSinceAsync(Guid cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        return await db.Cards.AsNoTracking().Where(c => c.Id == cardId).Select(c => c.StaleSince).SingleAsync(Ct);
    }
}
