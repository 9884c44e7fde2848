using KanbanCustomer.Api.Common;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>
/// The stale scan with learned thresholds: the 85th percentile of stays, and the fallback while there are too few.
/// </summary>
public abstract class StaleScanLearningTests(KanbanApp app) : StaleScanTestBase(app)
{
    [Fact]
    public async Task A_learned_threshold_is_the_85th_percentile_of_stays_once_there_are_enough()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[]
        {
            new { name = "Triage", staleAfter = "PT10H", autoStaleAfter = true },
            new { name = "Next", staleAfter = "P30D" },
        });
        // Twenty cards stay 10, 20, ... 200 minutes in Triage; the 85th percentile (nearest rank 17) is 170 minutes.
        var passing = new List<Guid>();
        for (var i = 0; i < 20; i++)
            passing.Add(await CardIdAsync(board.BoardId, title: $"Passing {i}"));
        foreach (var id in passing)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Null((await Alice.MoveCardAsync(Ids.Global("Card", id), board.ColumnIds[1])).Errors);
        }

        var card = await CardIdAsync(board.BoardId, title: "Waiting");
        App.Clock.Advance(TimeSpan.FromMinutes(169));
        await ScanAsync();
        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await ScanAsync();
        var flag = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("02:50:00", flag.Payload.GetProperty("threshold").GetString());
    }

    [Fact]
    public async Task Without_enough_stays_a_learning_column_falls_back_to_its_own_threshold()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[]
        {
            new { name = "Triage", staleAfter = "PT10H", autoStaleAfter = true },
            new { name = "Next", staleAfter = "P30D" },
        });
        for (var i = 0; i < 19; i++)
        {
            var passing = await CardIdAsync(board.BoardId, title: $"Passing {i}");
            App.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Null((await Alice.MoveCardAsync(Ids.Global("Card", passing), board.ColumnIds[1])).Errors);
        }

        var card = await CardIdAsync(board.BoardId, title: "Waiting");
        App.Clock.Advance(TimeSpan.FromMinutes(599));
        await ScanAsync();
        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await ScanAsync();
        var flag = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("10:00:00", flag.Payload.GetProperty("threshold").GetString());
    }
}

public sealed class SqliteStaleScanLearningTests(SqliteApp app) : StaleScanLearningTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStaleScanLearningTests(PostgresApp app) : StaleScanLearningTests(app), IClassFixture<PostgresApp>;
