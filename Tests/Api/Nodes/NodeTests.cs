using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>Global object identification: opaque ids for every object, <c>node</c> and <c>nodes</c> under the membership rules.</summary>
public abstract class NodeTests(KanbanApp app) : ApiTestBase(app)
{
    private const string SceneQuery = """
        query($id: ID!) {
          board(id: $id) {
            id
            columns { id }
            swimlanes { id }
            members(first: 10) { nodes { id user { id userId } } }
            webhooks { nodes { id } }
            webhookDeliveries { nodes { id } }
            cards(includeArchived: true, first: 10) { nodes { id evidence(first: 10) { nodes { id } } events(first: 20) { nodes { id __typename } } } }
          }
        }
        """;

    private const string NodeQuery = "query($id: ID!) { node(id: $id) { __typename id } }";

    [Fact]
    public async Task Every_kind_of_object_comes_back_from_node_by_its_id()
    {
        var board = await SceneAsync();
        var ids = Collect(await Alice.DataAsync(SceneQuery, new { id = board }));

        Assert.Equal(
            ["Board", "BoardMember", "Card", "CardCreatedEvent", "CardStateChangedEvent", "Column", "Evidence", "EvidenceChangedEvent", "Person", "Swimlane", "Webhook", "WebhookDelivery"],
            ids.Select(i => i.Type).Distinct().Order(StringComparer.Ordinal));
        foreach (var (type, id) in ids)
        {
            var node = (await Alice.DataAsync(NodeQuery, new { id })).GetProperty("node");
            Assert.Equal((type, id), (node.Str("__typename"), node.Str("id")));
        }
    }

    [Fact]
    public async Task Ids_are_opaque_and_distinct_across_types()
    {
        var board = await SceneAsync();
        var ids = Collect(await Alice.DataAsync(SceneQuery, new { id = board })).Select(i => i.Id).ToList();
        var boardKey = Ids.Parse(board, "Board");

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]+$", id));
        Assert.DoesNotContain(ids, id => id.Contains(boardKey.ToString("N"), StringComparison.OrdinalIgnoreCase));
        Assert.Equal($"Board:{boardKey:N}", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(board)));
    }

    [Fact]
    public async Task An_id_of_another_type_a_raw_key_or_garbage_is_not_found()
    {
        var board = await Alice.CreateBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var cardKey = Ids.Parse(card, "Card");
        var column = board.ColumnIds[0];

        string[] bad =
        [
            column,                                                    // a column where a card is expected
            cardKey.ToString(),                                        // the raw key
            cardKey.ToString("N"),
            Ids.Global("Card", cardKey.ToString("D")),                 // the key spelled another way
            Ids.Global("Card", Guid.NewGuid()),                        // no such card
            card + "==",                                               // padding
            "not an id!",
            new string('A', 10_000),
        ];
        foreach (var id in bad)
        {
            var response = await Alice.SendAsync("query($id: ID!) { card(id: $id) { id } }", new { id });
            Assert.True(response.ErrorCode == "NOT_FOUND", response.Text);
            Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("card").ValueKind);
            Assert.Matches("^Card '.*' was not found\\.$", response.Errors!.Value[0].Str("message"));
        }

        Assert.Equal("NOT_FOUND", (await Alice.SendAsync("query($id: ID!) { board(id: $id) { id } }", new { id = card })).ErrorCode);
        Assert.Equal("NOT_FOUND", (await Alice.SendAsync("query($id: ID!) { board(id: $id) { id } }", new { id = Ids.Parse(board.BoardId, "Board").ToString() })).ErrorCode);
        Assert.Equal("NOT_FOUND", (await Alice.MoveCardAsync(card, Ids.Parse(board.ColumnIds[1], "Column").ToString())).ErrorCode);
        Assert.Equal("NOT_FOUND", (await Alice.MoveCardAsync(cardKey.ToString(), board.ColumnIds[1])).ErrorCode);
        foreach (var id in new[] { cardKey.ToString(), "garbage", Ids.Global("Planet", cardKey), new string('A', 10_000) })
        {
            var response = await Alice.SendAsync(NodeQuery, new { id });
            Assert.True(response.ErrorCode == "NOT_FOUND", response.Text);
            Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("node").ValueKind);
        }
    }

    [Fact]
    public async Task Objects_on_a_board_the_viewer_is_not_on_are_not_found_and_webhooks_are_for_admins()
    {
        var board = await SceneAsync();
        var ids = Collect(await Alice.DataAsync(SceneQuery, new { id = board }));
        var nina = App.ClientFor("nina");
        await Alice.AddMemberAsync(board, "bob", "MEMBER");

        foreach (var (type, id) in ids.Where(i => i.Type != "Person"))
        {
            var response = await nina.SendAsync(NodeQuery, new { id });
            Assert.True(response.ErrorCode == "NOT_FOUND", $"{type}: {response.Text}");
            Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("node").ValueKind);
            var what = type.EndsWith("Event", StringComparison.Ordinal) ? "BoardEvent" : type;
            Assert.Equal($"{what} '{id}' was not found.", response.Errors!.Value[0].Str("message"));

            var asMember = await Bob.SendAsync(NodeQuery, new { id });
            var adminOnly = type is "Webhook" or "WebhookDelivery";
            Assert.True(adminOnly ? asMember.ErrorCode == "FORBIDDEN" : asMember.Errors is null, $"{type}: {asMember.Text}");
        }
    }

    [Fact]
    public async Task A_person_is_found_by_themselves_and_by_those_who_share_a_board_with_them()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "bob", "VIEWER");
        await Alice.AddMemberAsync(board.BoardId, "never-signed-in", "VIEWER");
        var nina = App.ClientFor("nina", "Nina");
        var alice = Ids.Global("Person", "alice");
        var nobody = Ids.Global("Person", "never-signed-in");
        var ninaId = (await nina.DataAsync("{ viewer { id userId name } }")).GetProperty("viewer");

        Assert.Equal((Ids.Global("Person", "nina"), "nina", "Nina"), (ninaId.Str("id"), ninaId.Str("userId"), ninaId.Str("name")));
        Assert.Equal("Nina", (await nina.DataAsync("query($id: ID!) { node(id: $id) { ... on Person { name } } }", new { id = ninaId.Str("id") })).Str("node.name"));
        Assert.Equal("Alice", (await Bob.DataAsync("query($id: ID!) { node(id: $id) { ... on Person { name } } }", new { id = alice })).Str("node.name"));
        Assert.Equal("never-signed-in", (await Bob.DataAsync("query($id: ID!) { node(id: $id) { ... on Person { userId name } } }", new { id = nobody })).Str("node.name"));
        Assert.Equal("NOT_FOUND", (await nina.SendAsync(NodeQuery, new { id = alice })).ErrorCode);
        Assert.Equal("NOT_FOUND", (await nina.SendAsync(NodeQuery, new { id = Ids.Global("Person", "nobody-at-all") })).ErrorCode);
    }

    [Fact]
    public async Task Nodes_returns_each_id_in_order_with_null_and_an_error_at_the_index_of_each_failure()
    {
        var board = await Alice.CreateBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var hidden = await App.ClientFor("nina").CreateBoardAsync();

        var response = await Alice.SendAsync("query($ids: [ID!]!) { found: nodes(ids: $ids) { __typename id } }",
            new { ids = new[] { card, "garbage", board.BoardId, hidden.BoardId, board.SwimlaneIds[0], card } });

        var nodes = response.Data.GetProperty("found").EnumerateArray().ToList();
        Assert.Equal(["Card", null, "Board", null, "Swimlane", "Card"], nodes.Select(n => n.ValueKind == JsonValueKind.Null ? null : n.Str("__typename")));
        Assert.Equal([card, board.BoardId, board.SwimlaneIds[0], card], nodes.Where(n => n.ValueKind != JsonValueKind.Null).Select(n => n.Str("id")));
        var errors = response.Errors!.Value.EnumerateArray().ToList();
        Assert.Equal(["found/1", "found/3"], errors.Select(e => string.Join('/', e.GetProperty("path").EnumerateArray().Select(p => p.ToString()))));
        Assert.All(errors, e => Assert.Equal("NOT_FOUND", e.Str("extensions.code")));
        Assert.Equal($"Board '{hidden.BoardId}' was not found.", errors[1].Str("message"));
    }

    [Fact]
    public async Task Nodes_refuses_more_ids_than_the_limit_before_running()
    {
        var board = await Alice.CreateBoardAsync();

        var over = await Alice.SendAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = Enumerable.Repeat(board.BoardId, 51).ToArray() });
        var literal = await Alice.SendAsync("{ nodes(ids: [" + string.Join(", ", Enumerable.Repeat($"\"{board.BoardId}\"", 51)) + "]) { id } }");
        var atLimit = await Alice.SendAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = Enumerable.Repeat(board.BoardId, 50).ToArray() });

        foreach (var refused in new[] { over, literal })
        {
            Assert.True(refused.ErrorCode == "VALIDATION", refused.Text);
            Assert.Equal("ids", refused.FirstErrorExtensions.Str("field"));
            Assert.False(refused.Root.TryGetProperty("data", out _), refused.Text);
        }

        Assert.True(atLimit.Errors is null, atLimit.Text);
        Assert.Equal(50, atLimit.Data.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task Fifty_card_ids_cost_as_few_SQL_commands_as_five()
    {
        var cards = await SeedCardsAsync(50);
        await Alice.DataAsync("{ viewer { id } }"); // the first request of a user provisions them: not what is measured here

        var five = await CountCommandsAsync(cards.Take(5).ToList());
        var fifty = await CountCommandsAsync(cards);

        TestContext.Current.TestOutputHelper?.WriteLine($"{App.Provider}: 5 cards -> {five} SQL commands, 50 cards -> {fifty}");
        Assert.Equal(five, fifty);
        // The cards, then the viewer's role on their boards.
        Assert.Equal(2, fifty);
    }

    private async Task<int> CountCommandsAsync(IReadOnlyList<string> ids)
    {
        App.Commands.Reset();
        var response = await Alice.SendAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Card { title } } }", new { ids });
        var commands = App.Commands.Count;
        Assert.True(response.Errors is null, response.Text);
        Assert.Equal(ids, response.Data.GetProperty("nodes").EnumerateArray().Select(n => n.Str("id")));
        return commands;
    }

    /// <summary>Cards on two of Alice's boards, written straight through the domain and EF.</summary>
    private async Task<List<string>> SeedCardsAsync(int count)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var now = App.Clock.GetUtcNow();
        var boards = new[] { Board.Create($"Nodes {Guid.NewGuid():N}", "alice", now), Board.Create($"Nodes {Guid.NewGuid():N}", "alice", now) };
        db.Boards.AddRange(boards);
        var ranks = RankKey.Spread(count);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var board = boards[i % 2];
            var card = Card.Report(board, board.Columns[0], board.Swimlanes[0], ranks[i],
                new CardDetails($"Problem {i}", "statement", CustomerKind.External, 3, 10, [], []), "alice", now);
            db.Cards.Add(card);
            ids.Add(Ids.Global("Card", card.Id));
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return ids;
    }

    /// <summary>Alice's board with a card that has evidence and was archived, a webhook and a delivery; returns the board's id.</summary>
    private async Task<string> SceneAsync()
    {
        var board = await Alice.CreateBoardAsync("Node scene");
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        await Alice.DataAsync("mutation($id: ID!) { addEvidence(input: { cardId: $id, kind: QUOTE, content: \"It hurts\" }) { evidence { id } } }", new { id = card });
        await Alice.DataAsync("mutation($id: ID!) { archiveCard(input: { cardId: $id }) { card { id } } }", new { id = card });
        var webhook = (await Alice.DataAsync(
            "mutation($id: ID!) { addWebhook(input: { boardId: $id, url: \"https://hooks.example.com/kanban\", secret: \"scene-secret-0123456789\" }) { webhook { id } } }",
            new { id = board.BoardId })).Str("addWebhook.webhook.id");

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        db.WebhookDeliveries.Add(new WebhookDelivery(Ids.Parse(webhook, "Webhook"), Ids.Parse(board.BoardId, "Board"), "{}", App.Clock.GetUtcNow()));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return board.BoardId;
    }

    /// <summary>Every object of the scene as (GraphQL type, id).</summary>
    private static List<(string Type, string Id)> Collect(JsonElement data)
    {
        var board = data.GetProperty("board");
        var ids = new List<(string, string)> { ("Board", board.Str("id")) };
        ids.AddRange(Each(board, "columns").Select(c => ("Column", c.Str("id"))));
        ids.AddRange(Each(board, "swimlanes").Select(s => ("Swimlane", s.Str("id"))));
        ids.AddRange(Each(board, "members").SelectMany(m => new[] { ("BoardMember", m.Str("id")), ("Person", m.Str("user.id")) }));
        ids.AddRange(Each(board, "webhooks").Select(w => ("Webhook", w.Str("id"))));
        ids.AddRange(Each(board, "webhookDeliveries").Select(d => ("WebhookDelivery", d.Str("id"))));
        foreach (var card in Each(board, "cards"))
        {
            ids.Add(("Card", card.Str("id")));
            ids.AddRange(Each(card, "evidence").Select(e => ("Evidence", e.Str("id"))));
            ids.AddRange(Each(card, "events").Select(e => (e.Str("__typename"), e.Str("id"))));
        }

        return ids;
    }

    /// <summary>A plain list's items, or a connection's nodes.</summary>
    private static JsonElement.ArrayEnumerator Each(JsonElement parent, string name) =>
        (parent.GetProperty(name) is { ValueKind: JsonValueKind.Object } connection ? connection.GetProperty("nodes") : parent.GetProperty(name)).EnumerateArray();
}

public sealed class SqliteNodeTests(SqliteApp app) : NodeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresNodeTests(PostgresApp app) : NodeTests(app), IClassFixture<PostgresApp>;
