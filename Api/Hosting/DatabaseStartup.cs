using KanbanCustomer.Domain.Flow;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Hosting;

/// <summary>At start-up: apply migrations (<c>Database:MigrateOnStartup</c>, then <see cref="CardMeasures"/>, <see cref="FlowSteps"/> and <see cref="CardTimelines"/>) and seed a demo board into an empty database (<c>Database:SeedDemoData</c>).</summary>
public static class DatabaseStartup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var configuration = app.Configuration;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        if (configuration.GetValue("Database:MigrateOnStartup", true))
        {
            if (db.Provider == DatabaseProvider.Sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
            if (await CardMeasures.BackfillAsync(db) is > 0 and var measured)
                app.Logger.LogInformation("Measured {Cards} cards saved before cards kept their evidence measures and score.", measured);
            try
            {
                if (await FlowSteps.BackfillAsync(db) is > 0 and var stepped)
                    app.Logger.LogInformation("Wrote the flow history of {Cards} cards saved before the history existed.", stepped);
                if (await CardTimelines.BackfillAsync(db) is > 0 and var packed)
                    app.Logger.LogInformation("Packed the flow history of {Cards} cards saved before timelines existed.", packed);
            }
            catch (DbUpdateException e) when (db.Violates<CardTransition>(e, nameof(CardTransition.BoardId), nameof(CardTransition.EventSeq), nameof(CardTransition.CardId)))
            {
                // Instances started together after an upgrade: another one wrote these cards' history first; nothing is lost.
                db.ChangeTracker.Clear();
                app.Logger.LogInformation("Another instance was writing the flow history of older cards at the same time; it carries on.");
            }
        }

        if (configuration.GetValue("Database:SeedDemoData", true) && !await db.Boards.AnyAsync())
        {
            var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            await DemoData.SeedAsync(db, time.GetUtcNow());
            app.Logger.LogInformation("Seeded the demo board into an empty database.");
        }
    }
}
