using KanbanCustomer.Domain.Insights;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// When armed, triages the insight a save is about to change first, in the save's own transaction: what a second member's
/// triage would look like had it slipped past the board's lock. The save must then fail on the insight's Status token.
/// </summary>
public sealed class TriageRace : SaveChangesInterceptor
{
    private volatile bool _armed;

    public bool Armed
    {
        get => _armed;
        set => _armed = value;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var triaged = eventData.Context?.ChangeTracker.Entries<Insight>().FirstOrDefault(e => e.State == EntityState.Modified);
        if (Armed && triaged is not null)
        {
            Armed = false;
            var id = triaged.Entity.Id;
            await eventData.Context!.Set<Insight>().Where(i => i.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, InsightStatus.Dismissed), cancellationToken);
        }

        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public abstract class TriageRaceApp(TestDatabase database) : KanbanApp(database)
{
    public TriageRace Race { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Race);
}

public sealed class SqliteTriageRaceApp() : TriageRaceApp(new SqliteTestDatabase());

public sealed class PostgresTriageRaceApp() : TriageRaceApp(new PostgresTestDatabase());

/// <summary>A triage that loses the race on the Status concurrency token: ALREADY_TRIAGED, and nothing of it saved.</summary>
public abstract class InsightRaceTests(TriageRaceApp app) : InsightTestBase(app)
{
    private readonly TriageRace _race = app.Race;

    [Fact]
    public async Task An_attach_that_loses_the_race_is_ALREADY_TRIAGED_and_leaves_no_evidence()
    {
        var board = await BoardWithViewerAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var insight = await SubmittedAsync(Vera, board.BoardId);
        var before = await BoardStateAsync(board.BoardId);

        _race.Armed = true;
        var attached = await AttachAsync(Bob, insight, card);

        Assert.False(_race.Armed, "the race never ran");
        AssertRefused(attached, "ALREADY_TRIAGED", "insightId");
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
        Assert.True((await AttachAsync(Bob, insight, card)).Errors is null);
    }

    [Fact]
    public async Task A_promotion_that_loses_the_race_is_ALREADY_TRIAGED_and_leaves_no_card()
    {
        var board = await BoardWithViewerAsync();
        var insight = await SubmittedAsync(Vera, board.BoardId);
        var before = await BoardStateAsync(board.BoardId);

        _race.Armed = true;
        var promoted = await PromoteAsync(Carol, new { insightId = insight, title = "Never made" });

        Assert.False(_race.Armed, "the race never ran");
        AssertRefused(promoted, "ALREADY_TRIAGED", "insightId");
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
        Assert.Equal("NEW", (await InsightAsync(Alice, insight)).Str("status"));
    }
}

public sealed class SqliteInsightRaceTests(SqliteTriageRaceApp app) : InsightRaceTests(app), IClassFixture<SqliteTriageRaceApp>;

public sealed class PostgresInsightRaceTests(PostgresTriageRaceApp app) : InsightRaceTests(app), IClassFixture<PostgresTriageRaceApp>;
