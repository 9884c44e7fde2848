using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>GET /boards/{id}/export and export.csv, POST /boards/import: content, round trip, access, and refused files.</summary>
public abstract class BoardExportTests(KanbanApp app) : BoardExportTestBase(app)
{
    [Fact]
    public async Task The_export_holds_every_kind_of_content_and_no_webhook()
    {
        var boardId = await RichBoardAsync();

        var file = await ExportedAsync(Alice, boardId);

        var root = JsonDocument.Parse(file).RootElement;
        Assert.Equal("kanbancustomer-board", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("Bakery problems", root.GetProperty("board").GetProperty("name").GetString());
        foreach (var (section, count) in new[] { ("columns", 4), ("swimlanes", 2), ("members", 4), ("customers", 2), ("cards", 5), ("votes", 3), ("insights", 3), ("comments", 2), ("watches", -1) })
        {
            var rows = root.GetProperty(section).GetArrayLength();
            Assert.True(count < 0 ? rows > 0 : rows == count, $"{section}: {rows} rows");
        }

        Assert.Equal(4, root.GetProperty("evidence").GetArrayLength()); // three added, one an attached insight
        Assert.Equal(2, root.GetProperty("experiments").GetArrayLength());
        Assert.True(root.GetProperty("transitions").GetArrayLength() >= 5);
        Assert.Equal(root.GetProperty("board").GetProperty("lastEventSeq").GetInt64(), root.GetProperty("events").GetArrayLength());
        var merged = root.GetProperty("cards").EnumerateArray().Single(c => c.GetProperty("mergedInto").ValueKind == JsonValueKind.String);
        Assert.True(merged.GetProperty("isArchived").GetBoolean());
        var tombstone = root.GetProperty("comments").EnumerateArray().Single(c => c.GetProperty("deletedAt").ValueKind == JsonValueKind.String);
        Assert.Equal("", tombstone.GetProperty("text").GetString());
        Assert.Contains(root.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "WebhookAdded");
        Assert.DoesNotContain(WebhookSecret, file, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.example.com", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_import_export_gives_the_same_content_under_new_ids()
    {
        var boardId = await RichBoardAsync();
        var first = await ExportedAsync(Alice, boardId);

        var imported = await ImportAsync(Alice, first);

        Assert.True(imported.Status == HttpStatusCode.Created, imported.Text);
        var newId = JsonDocument.Parse(imported.Text).RootElement.GetProperty("boardId").GetString()!;
        Assert.NotEqual(boardId, newId);
        var second = await ExportedAsync(Alice, newId);
        Assert.Equal(Normalised(first), Normalised(second));
        var ids = JsonDocument.Parse(second).RootElement.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(ids, id => first.Contains(id!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_imported_board_is_the_importers_to_administer_and_reads_like_the_original()
    {
        var boardId = await RichBoardAsync();
        var file = await ExportedAsync(Vera, boardId);

        var imported = await ImportAsync(Mallory, file);

        Assert.True(imported.Status == HttpStatusCode.Created, imported.Text);
        var newId = JsonDocument.Parse(imported.Text).RootElement.GetProperty("boardId").GetString()!;
        var board = (await Mallory.DataAsync("query($id: ID!) { board(id: $id) { name viewerRole members(first: 10) { nodes { role user { userId } } } cards(first: 10) { totalCount } } }",
            new { id = newId })).GetProperty("board");
        Assert.Equal("ADMIN", board.Str("viewerRole"));
        Assert.Equal("Bakery problems", board.Str("name"));
        var roles = board.Nodes("members").ToDictionary(m => m.Str("user.userId"), m => m.Str("role"));
        Assert.Equal("ADMIN", roles["mallory"]);
        Assert.Equal("ADMIN", roles["alice"]);
        Assert.Equal("VIEWER", roles["vera"]);
        var original = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { cards(first: 10) { totalCount } } }", new { id = boardId })).GetProperty("board");
        Assert.Equal(original.Number("cards.totalCount"), board.Number("cards.totalCount"));
        // The same history gives the same flow measures (the counts and timelines the write path keeps were made too).
        const string Flow = "query($id: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!) { flowMetrics(boardId: $id, from: $f, to: $t) { groups { key cycleTime { p50 p85 count } throughput { count } wip { count } cumulativeFlow { columnName days { count } } blockedDays { total } } } }";
        App.Clock.Advance(TimeSpan.FromMinutes(1)); // a day ends after the last step
        var window = new { f = App.Clock.GetUtcNow().AddDays(-30), t = App.Clock.GetUtcNow().AddDays(1) };
        var flowBefore = (await Alice.DataAsync(Flow, new { id = boardId, window.f, window.t })).GetProperty("flowMetrics");
        var flowAfter = (await Mallory.DataAsync(Flow, new { id = newId, window.f, window.t })).GetProperty("flowMetrics");
        Assert.Equal(flowBefore.GetRawText(), flowAfter.GetRawText());
        Assert.True(flowAfter.At("groups.0.cumulativeFlow.0.days").EnumerateArray().Last().Number("count") > 0, flowAfter.GetRawText());
        // The imported history is no news: the new board's next change continues its numbering.
        var events = (await Mallory.EventCountAsync(newId));
        Assert.Equal(JsonDocument.Parse(file).RootElement.GetProperty("events").GetArrayLength(), events);
    }

    [Fact]
    public async Task The_csv_quotes_fields_and_guards_formulas()
    {
        var boardId = await RichBoardAsync();

        var csv = await ExportAsync(Alice, boardId, ".csv");

        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal("text/csv", csv.MediaType);
        var text = csv.Text.TrimStart('\uFEFF');
        Assert.StartsWith("id,title,problemStatement,column,swimlane,", text, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"Invoices, \"\"again\"\"\nunreadable\",", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Equal(1 + 5, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Only_members_may_export_and_others_cannot_tell_the_board_exists()
    {
        var boardId = await RichBoardAsync();
        var missing = boardId[..^4] + (boardId.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var stranger = await ExportAsync(Mallory, boardId);
        var nothing = await ExportAsync(Mallory, missing);
        var anonymous = await ExportAsync(App.AnonymousClient(), boardId);
        var viewer = await ExportAsync(Vera, boardId, ".csv");

        Assert.Equal(HttpStatusCode.NotFound, stranger.Status);
        Assert.Equal("NOT_FOUND", stranger.Code);
        Assert.Equal(HttpStatusCode.NotFound, nothing.Status);
        Assert.Equal(stranger.Text.Replace(boardId, "ID", StringComparison.Ordinal), nothing.Text.Replace(missing, "ID", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("UNAUTHENTICATED", anonymous.Code);
        Assert.Equal(HttpStatusCode.OK, viewer.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ImportAsync(App.AnonymousClient(), "{}")).Status);
    }

    [Fact]
    public async Task Refused_files_say_why_and_leave_no_board_behind()
    {
        var file = await ExportedAsync(Alice, await RichBoardAsync());
        var boards = await BoardCountAsync();

        var truncated = await ImportAsync(Alice, file[..(file.Length * 2 / 3)]);
        var newer = await ImportAsync(Alice, Edit(file, root => root["version"] = 2));
        var notOurs = await ImportAsync(Alice, Edit(file, root => root["format"] = "trello"));
        var dangling = await ImportAsync(Alice, Edit(file, root => root["cards"]![1]!["columnId"] = Guid.NewGuid().ToString()));
        var twice = await ImportAsync(Alice, Edit(file, root => root["cards"]![1]!["id"] = root["cards"]![0]!["id"]!.GetValue<string>()));
        var late = await ImportAsync(Alice, Edit(file, root => root["comments"]![1]!["cardId"] = Guid.NewGuid().ToString()));
        var badRule = await ImportAsync(Alice, Edit(file, root => root["cards"]![0]!["impact"] = 9));
        var unknownField = await ImportAsync(Alice, Edit(file, root => root["cards"]![0]!["secret"] = "x"));
        var tooLarge = await ImportAsync(Alice, file + new string(' ', ExportApp.MaxImportBytes));

        Assert.Equal(("INVALID_IMPORT_FILE", HttpStatusCode.BadRequest), (truncated.Code, truncated.Status));
        Assert.Equal(("UNSUPPORTED_FORMAT_VERSION", "$.version"), (newer.Code, newer.Path));
        Assert.Equal(("INVALID_IMPORT_FILE", "$.format"), (notOurs.Code, notOurs.Path));
        Assert.Equal(("INVALID_IMPORT_FILE", "$.cards[1].columnId"), (dangling.Code, dangling.Path));
        Assert.Equal(("INVALID_IMPORT_FILE", "$.cards[1].id"), (twice.Code, twice.Path));
        Assert.Equal(("INVALID_IMPORT_FILE", "$.comments[1].cardId"), (late.Code, late.Path));
        Assert.Equal(("INVALID_IMPORT_FILE", "$.cards[0].impact"), (badRule.Code, badRule.Path));
        Assert.Equal("INVALID_IMPORT_FILE", unknownField.Code);
        Assert.Equal(("IMPORT_TOO_LARGE", HttpStatusCode.RequestEntityTooLarge), (tooLarge.Code, tooLarge.Status));
        Assert.Equal(boards, await BoardCountAsync());
    }

    [Fact]
    public async Task A_failure_while_writing_rolls_the_whole_import_back()
    {
        var file = await ExportedAsync(Alice, await RichBoardAsync());
        var boards = await BoardCountAsync();
        var refusal = ((ExportApp)App).Refusal;

        refusal.On = true;
        HttpText failed;
        try
        {
            failed = await ImportAsync(Alice, file);
        }
        finally
        {
            refusal.On = false;
        }

        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("INTERNAL_SERVER_ERROR", failed.Code);
        Assert.Equal(boards, await BoardCountAsync());
        Assert.Equal(HttpStatusCode.Created, (await ImportAsync(Alice, file)).Status);
        Assert.Equal(boards + 1, await BoardCountAsync());
    }

    private static string Edit(string file, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(file)!.AsObject();
        change(root);
        return root.ToJsonString();
    }
}

public sealed class SqliteBoardExportTests(SqliteExportApp app) : BoardExportTests(app), IClassFixture<SqliteExportApp>;

public sealed class PostgresBoardExportTests(PostgresExportApp app) : BoardExportTests(app), IClassFixture<PostgresExportApp>;
