using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Adding, updating, moving and removing a board's swimlanes.</summary>
public abstract class SwimlaneMutationTests(KanbanApp app) : BoardMutationTestBase(app)
{
    [Fact]
    public async Task Adding_a_swimlane_at_a_position_shifts_the_swimlanes_after_it()
    {
        var board = await Alice.CreateBoardAsync();
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("addSwimlane", "AddSwimlaneInput",
            new { boardId = board.BoardId, name = "Field sales (internal)", customerKind = "INTERNAL", position = 0 });

        Assert.Null(response.Errors);
        var lane = response.Data.At("addSwimlane.swimlane");
        Assert.Equal(("Field sales (internal)", 0, "INTERNAL"), (lane.Str("name"), lane.Number("position"), lane.Str("customerKind")));
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(["Field sales (internal)", "External customers", "Internal customers"], Names(lanes));
        Assert.Equal([0, 1, 2], Positions(lanes));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var atEnd = await SwimlaneMutationAsync("addSwimlane", "AddSwimlaneInput", new { boardId = board.BoardId, name = "SMB customers", customerKind = "EXTERNAL" });
        Assert.Null(atEnd.Errors);
        Assert.Equal(3, atEnd.Data.Number("addSwimlane.swimlane.position"));
    }

    [Fact]
    public async Task Updating_a_swimlane_changes_only_the_fields_given()
    {
        var board = await Alice.CreateBoardAsync();
        var laneId = board.SwimlaneIds[0];
        var before = await Alice.EventCountAsync(board.BoardId);

        var renamed = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = "SMB customers" });
        Assert.Null(renamed.Errors);
        Assert.Equal(("SMB customers", "EXTERNAL"), (renamed.Data.Str("updateSwimlane.swimlane.name"), renamed.Data.Str("updateSwimlane.swimlane.customerKind")));

        var rekinded = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, customerKind = "INTERNAL" });
        Assert.Null(rekinded.Errors);

        var stored = (await Alice.BoardAsync(board.BoardId)).At("swimlanes.0");
        Assert.Equal(("SMB customers", "INTERNAL", 0), (stored.Str("name"), stored.Str("customerKind"), stored.Number("position")));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));

        var same = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = "SMB customers", customerKind = "INTERNAL" });
        Assert.Null(same.Errors);
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));

        var duplicate = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = "internal CUSTOMERS" });
        AssertRefused(duplicate, "VALIDATION", "name");
        var empty = await SwimlaneMutationAsync("updateSwimlane", "UpdateSwimlaneInput", new { swimlaneId = laneId, name = " " });
        AssertRefused(empty, "VALIDATION", "name");
        Assert.Equal("SMB customers", (await Alice.BoardAsync(board.BoardId)).Str("swimlanes.0.name"));
    }

    [Fact]
    public async Task Moving_a_swimlane_reorders_the_lanes()
    {
        var board = await Alice.CreateBoardAsync();
        var added = await SwimlaneMutationAsync("addSwimlane", "AddSwimlaneInput", new { boardId = board.BoardId, name = "Partners", customerKind = "EXTERNAL" });
        Assert.Null(added.Errors);
        var partners = added.Data.Str("addSwimlane.swimlane.id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("moveSwimlane", "MoveSwimlaneInput", new { swimlaneId = partners, toPosition = 1 });

        Assert.Null(response.Errors);
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(["External customers", "Partners", "Internal customers"], Names(lanes));
        Assert.Equal([0, 1, 2], Positions(lanes));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var outside = await SwimlaneMutationAsync("moveSwimlane", "MoveSwimlaneInput", new { swimlaneId = partners, toPosition = -1 });
        AssertRefused(outside, "VALIDATION", "toPosition");
    }

    [Fact]
    public async Task A_swimlane_holding_a_card_cannot_be_removed_even_when_the_card_is_archived()
    {
        var board = await Alice.CreateBoardAsync();
        var card = await Alice.CreateCardAsync(board.BoardId, columnId: board.ColumnIds[3], swimlaneId: board.SwimlaneIds[1]);
        var archived = await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = card.Str("id") });
        Assert.Null(archived.Errors);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("removeSwimlane", "RemoveSwimlaneInput", new { swimlaneId = board.SwimlaneIds[1] });

        AssertRefused(response, "VALIDATION", "swimlaneId");
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(board.SwimlaneIds, lanes.EnumerateArray().Select(s => s.Str("id")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_empty_swimlane_can_be_removed_and_the_rest_close_up()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId, swimlaneId: board.SwimlaneIds[1]);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SwimlaneMutationAsync("removeSwimlane", "RemoveSwimlaneInput", new { swimlaneId = board.SwimlaneIds[0] });

        Assert.Null(response.Errors);
        Assert.Equal(JsonValueKind.Null, response.Data.At("removeSwimlane.swimlane").ValueKind);
        Assert.Equal(board.SwimlaneIds[0], response.Data.Str("removeSwimlane.removedSwimlaneId"));
        var lanes = (await Alice.BoardAsync(board.BoardId)).GetProperty("swimlanes");
        Assert.Equal(["Internal customers"], Names(lanes));
        Assert.Equal([0], Positions(lanes));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var last = await SwimlaneMutationAsync("removeSwimlane", "RemoveSwimlaneInput", new { swimlaneId = board.SwimlaneIds[1] });
        AssertRefused(last, "VALIDATION", "swimlaneId");
    }
}

public sealed class SqliteSwimlaneMutationTests(SqliteApp app) : SwimlaneMutationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSwimlaneMutationTests(PostgresApp app) : SwimlaneMutationTests(app), IClassFixture<PostgresApp>;
