using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The server with a small import limit, so a too-large file is cheap to send, and a switch that makes the database
/// refuse an import's events (the last rows it writes), so a failure after most of the board is written can be shown.
/// </summary>
public abstract class ExportApp(TestDatabase database) : KanbanApp(database)
{
    public const int MaxImportBytes = 512 * 1024;

    public ImportedEventsRefusal Refusal { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Export:MaxImportBytes"] = $"{MaxImportBytes}" };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Refusal);
}

/// <summary>While on, fails a save that inserts imported events (they alone arrive already published).</summary>
public sealed class ImportedEventsRefusal : SaveChangesInterceptor
{
    public bool On { get; set; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (On && eventData.Context!.ChangeTracker.Entries<BoardEvent>().Any(e => e.State == EntityState.Added && e.Entity.PublishedAt is not null))
            throw new InvalidOperationException("The test refuses the imported events.");
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public sealed class SqliteExportApp() : ExportApp(new SqliteTestDatabase());

public sealed class PostgresExportApp() : ExportApp(new PostgresTestDatabase());

/// <summary>A plain HTTP response: status, media type, body.</summary>
public sealed record HttpText(HttpStatusCode Status, string? MediaType, string Text)
{
    public string? Code => JsonDocument.Parse(Text).RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();

    public string? Path => JsonDocument.Parse(Text).RootElement.GetProperty("errors")[0].GetProperty("extensions").TryGetProperty("path", out var p) ? p.GetString() : null;
}

/// <summary>
/// A board with every kind of content, made through the API: Alice's team board (bob and carol members, vera a viewer),
/// customers (one archived), cards moved, blocked, snoozed, archived and merged, evidence, votes, an experiment
/// concluded, insights attached and dismissed, comments (edited, deleted, with a mention), a watch and a webhook.
/// </summary>
public abstract class BoardExportTestBase(KanbanApp app) : ApiTestBase(app)
{
    private protected const string WebhookSecret = "whsec-export-test-0123456789";

    private protected GraphQLClient Vera => App.ClientFor("vera", "Vera");

    private protected GraphQLClient Mallory => App.ClientFor("mallory", "Mallory");

    private protected async Task<string> RichBoardAsync()
    {
        var board = await Alice.CreateTeamBoardAsync("Bakery problems");
        var boardId = board.BoardId;
        await Alice.AddMemberAsync(boardId, "vera", "VIEWER");
        await Data(Alice, "updateBoardPolicy(input: { boardId: $b, defaultStaleAfter: \"P10D\" }) { board { id } }", new { b = boardId }, "$b: ID!");
        await Data(Alice, "updateColumn(input: { columnId: $c, wipLimit: 5, staleAfter: \"PT4H\" }) { column { id } }", new { c = board.ColumnIds[1] }, "$c: ID!");

        var shop = (await Data(Alice, "addCustomer(input: { boardId: $b, name: \"Corner shop\", kind: EXTERNAL, segmentId: $s, externalRef: \"CRM-1\", notes: \"Pays late\" }) { customer { id } }",
            new { b = boardId, s = board.SwimlaneIds[0] }, "$b: ID!, $s: ID!")).Str("addCustomer.customer.id");
        var gone = (await Data(Alice, "addCustomer(input: { boardId: $b, name: \"Old client\" }) { customer { id } }", new { b = boardId }, "$b: ID!"))
            .Str("addCustomer.customer.id");

        var c1 = (await Alice.CreateCardAsync(boardId, "Invoices are unreadable")).Str("id");
        var c2 = (await Bob.CreateCardAsync(boardId, "=HYPERLINK(\"http://evil\")")).Str("id");
        var c3 = (await Alice.CreateCardAsync(boardId, "Invoices, \"again\"\nunreadable")).Str("id");
        var c4 = (await Carol.CreateCardAsync(boardId, "Old problem", swimlaneId: board.SwimlaneIds[1])).Str("id");
        var c5 = (await Alice.CreateCardAsync(boardId, "Moved problem")).Str("id");
        Assert.Null((await Alice.MoveCardAsync(c5, board.ColumnIds[1])).Errors);

        await Data(Alice, "addEvidence(input: { cardId: $c, kind: QUOTE, content: \"I cannot read it\", source: \"call\", customerId: $cu, proximity: DIRECT_CONTACT }) { evidence { id } }",
            new { c = c1, cu = shop }, "$c: ID!, $cu: ID!");
        await Data(Bob, "addEvidence(input: { cardId: $c, kind: LINK, content: \"https://example.com/ticket/1\" }) { evidence { id } }", new { c = c3 }, "$c: ID!");
        await Data(Alice, "addEvidence(input: { cardId: $c, kind: OBSERVATION, content: \"Seen it\", customerId: $cu, proximity: SECOND_HAND }) { evidence { id } }",
            new { c = c4, cu = gone }, "$c: ID!, $cu: ID!");
        await Data(Alice, "vote(input: { cardId: $c }) { card { id } }", new { c = c1 }, "$c: ID!");
        await Data(Bob, "vote(input: { cardId: $c }) { card { id } }", new { c = c1 }, "$c: ID!");
        await Data(Carol, "vote(input: { cardId: $c }) { card { id } }", new { c = c3 }, "$c: ID!");

        var experiment = (await Data(Alice, "addExperiment(input: { cardId: $c, hypothesis: \"Bigger font helps\", measure: \"Calls about invoices\" }) { experiment { id } }",
            new { c = c1 }, "$c: ID!")).Str("addExperiment.experiment.id");
        await Data(Alice, "updateExperiment(input: { experimentId: $e, status: RUNNING }) { experiment { id } }", new { e = experiment }, "$e: ID!");
        await Data(Alice, "updateExperiment(input: { experimentId: $e, status: VALIDATED, learning: \"Calls halved\" }) { experiment { id } }", new { e = experiment }, "$e: ID!");
        await Data(Bob, "addExperiment(input: { cardId: $c, hypothesis: \"A phone line\", measure: \"Calls\" }) { experiment { id } }", new { c = c3 }, "$c: ID!");

        await Data(Bob, "blockCard(input: { cardId: $c, reason: \"Waiting for the printer\" }) { card { id } }", new { c = c2 }, "$c: ID!");
        await Data(Bob, "snoozeCard(input: { cardId: $c, until: $u }) { card { id } }", new { c = c2, u = App.Clock.GetUtcNow().AddDays(3) }, "$c: ID!, $u: DateTimeOffset!");

        var insight1 = (await Data(Vera, "submitInsight(input: { boardId: $b, text: \"The PDF is grey on grey\", proximity: SELF_IS_CUSTOMER, customerId: $cu, origin: \"visit\" }) { insight { id } }",
            new { b = boardId, cu = shop }, "$b: ID!, $cu: ID!")).Str("submitInsight.insight.id");
        var insight2 = (await Data(Vera, "submitInsight(input: { boardId: $b, text: \"Nothing to see\", proximity: SECOND_HAND }) { insight { id } }",
            new { b = boardId }, "$b: ID!")).Str("submitInsight.insight.id");
        await Data(Vera, "submitInsight(input: { boardId: $b, text: \"Still in the inbox\", proximity: SECOND_HAND }) { insight { id } }", new { b = boardId }, "$b: ID!");
        await Data(Alice, "attachInsight(input: { insightId: $i, cardId: $c }) { insight { id } }", new { i = insight1, c = c1 }, "$i: ID!, $c: ID!");
        await Data(Alice, "dismissInsight(input: { insightId: $i, reason: \"Not a problem\" }) { insight { id } }", new { i = insight2 }, "$i: ID!");

        var comment = (await Data(Alice, "addComment(input: { cardId: $c, text: \"  Ask @bob about it \", mentions: [\"bob\"] }) { comment { id } }",
            new { c = c1 }, "$c: ID!")).Str("addComment.comment.id");
        await Data(Alice, "editComment(input: { commentId: $m, text: \"Ask bob about it\" }) { comment { id } }", new { m = comment }, "$m: ID!");
        var doomed = (await Data(Bob, "addComment(input: { cardId: $c, text: \"Wrong card\" }) { comment { id } }", new { c = c1 }, "$c: ID!")).Str("addComment.comment.id");
        await Data(Bob, "deleteComment(input: { commentId: $m }) { comment { id } }", new { m = doomed }, "$m: ID!");
        await Data(Carol, "watchCard(input: { cardId: $c }) { card { id } }", new { c = c2 }, "$c: ID!");

        await Data(Alice, "mergeCards(input: { sourceCardId: $s, targetCardId: $t }) { target { id } }", new { s = c3, t = c1 }, "$s: ID!, $t: ID!");
        await Data(Alice, "archiveCard(input: { cardId: $c }) { card { id } }", new { c = c4 }, "$c: ID!");
        await Data(Alice, "archiveCustomer(input: { customerId: $cu }) { customer { id } }", new { cu = gone }, "$cu: ID!");
        await Data(Alice, "addWebhook(input: { boardId: $b, url: \"https://hooks.example.com/kanban\", secret: $s, eventTypes: [\"*\"] }) { webhook { id } }",
            new { b = boardId, s = WebhookSecret }, "$b: ID!, $s: String!");
        return boardId;
    }

    private protected static async Task<JsonElement> Data(GraphQLClient client, string field, object variables, string declarations) =>
        await client.DataAsync($"mutation({declarations}) {{ {field} }}", variables);

    private protected static async Task<HttpText> GetAsync(GraphQLClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(client, request);
    }

    private protected static Task<HttpText> ExportAsync(GraphQLClient client, string boardId, string suffix = "") =>
        GetAsync(client, $"/boards/{Uri.EscapeDataString(boardId)}/export{suffix}");

    private protected static async Task<HttpText> ImportAsync(GraphQLClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/boards/import") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await SendAsync(client, request);
    }

    private static async Task<HttpText> SendAsync(GraphQLClient client, HttpRequestMessage request)
    {
        if (client.Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        using var response = await client.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return new HttpText(response.StatusCode, response.Content.Headers.ContentType?.MediaType, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>A JSON export that must succeed.</summary>
    private protected static async Task<string> ExportedAsync(GraphQLClient client, string boardId)
    {
        var export = await ExportAsync(client, boardId);
        Assert.True(export.Status == HttpStatusCode.OK, export.Text);
        Assert.Equal("application/json", export.MediaType);
        return export.Text;
    }

    private protected async Task<int> BoardCountAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Boards.CountAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// The file with every GUID replaced by its order of first appearance (#1, #2, ...) and the export time left out:
    /// two files that hold the same content under other ids normalise to the same text.
    /// </summary>
    private protected static string Normalised(string file)
    {
        var root = JsonNode.Parse(file)!.AsObject();
        root.Remove("exportedAt");
        var names = new Dictionary<Guid, string>();
        return Rename(root, names)!.ToJsonString();
    }

    private static JsonNode? Rename(JsonNode? node, Dictionary<Guid, string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                    obj[key] = Rename(obj[key]?.DeepClone(), names);
                return obj;
            case JsonArray array:
                return new JsonArray(array.Select(item => Rename(item?.DeepClone(), names)).ToArray());
            case JsonValue value when value.TryGetValue<string>(out var text) && Guid.TryParseExact(text, "D", out var id):
                if (!names.TryGetValue(id, out var name))
                    names[id] = name = "#" + (names.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return JsonValue.Create(name);
            default:
                return node;
        }
    }
}
