using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>Managing webhooks and reading the log through GraphQL, as an admin, a member and a viewer would.</summary>
public abstract class WebhookApiTests(KanbanApp app) : WebhookTestBase(app)
{
    private const string WebhookFields = "id boardId url enabled secretHint createdAt createdBy";
    private static readonly Uri Target = new("https://hooks.example.com/kanban?team=support");

    [Fact]
    public async Task An_admin_adds_a_webhook_and_sees_it_on_the_board_without_its_secret()
    {
        var board = await Alice.CreateBoardAsync();

        var added = await Alice.MutateAsync("addWebhook", "AddWebhookInput", new { boardId = board.BoardId, url = Target.ToString(), secret = Secret },
            $"webhook {{ {WebhookFields} }} board {{ webhooks {{ nodes {{ {WebhookFields} }} }} }}");
        var listed = await Alice.BoardAsync(board.BoardId, $"webhooks {{ nodes {{ {WebhookFields} }} }} webhookDeliveries {{ nodes {{ {DeliveryFields} }} }}");

        Assert.True(added.Errors is null, added.Text);
        var webhook = added.Data.At("addWebhook.webhook");
        Assert.Equal((board.BoardId, Target.ToString(), true, Secret[^4..], "alice"),
            (webhook.Str("boardId"), webhook.Str("url"), webhook.At("enabled").GetBoolean(), webhook.Str("secretHint"), webhook.Str("createdBy")));
        Assert.Equal(webhook.Str("id"), added.Data.Str("addWebhook.board.webhooks.nodes.0.id"));
        Assert.Equal(webhook.Str("id"), Assert.Single(listed.Nodes("webhooks")).Str("id"));
        Assert.Empty(listed.Nodes("webhookDeliveries"));
        Assert.DoesNotContain(Secret, added.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_changes_what_it_names_and_keeps_the_rest()
    {
        var board = await Alice.CreateBoardAsync();
        var id = await AddWebhookAsync(board.BoardId, Target);
        const string newSecret = "a-brand-new-secret-WXYZ";

        var disabled = await UpdateAsync(new { webhookId = id, enabled = false });
        var resecreted = await UpdateAsync(new { webhookId = id, secret = newSecret });
        var moved = await UpdateAsync(new { webhookId = id, url = "https://elsewhere.example.org/hook" });

        Assert.Equal((Target.ToString(), false, Secret[^4..]), (disabled.Str("url"), disabled.At("enabled").GetBoolean(), disabled.Str("secretHint")));
        Assert.Equal((Target.ToString(), false, "WXYZ"), (resecreted.Str("url"), resecreted.At("enabled").GetBoolean(), resecreted.Str("secretHint")));
        Assert.Equal(("https://elsewhere.example.org/hook", false, "WXYZ"), (moved.Str("url"), moved.At("enabled").GetBoolean(), moved.Str("secretHint")));
    }

    [Fact]
    public async Task Webhook_changes_are_board_events_that_name_neither_the_url_nor_the_secret()
    {
        var board = await Alice.CreateBoardAsync();
        var id = await AddWebhookAsync(board.BoardId, Target);
        await UpdateAsync(new { webhookId = id, enabled = false, secret = "another-secret-0123456789" });
        var unchanged = await Alice.EventCountAsync(board.BoardId);
        await UpdateAsync(new { webhookId = id, enabled = false });
        var afterNoChange = await Alice.EventCountAsync(board.BoardId);
        await Alice.DataAsync("mutation($id: ID!) { removeWebhook(input: { webhookId: $id }) { removedWebhookId } }", new { id });

        var events = (await Alice.DataAsync(
            "query($id: ID!) { boardEvents(boardId: $id) { nodes { type payload ... on WebhookChangedEvent { webhookId enabled fields } } } }", new { id = board.BoardId }))
            .Nodes("boardEvents").Where(e => e.Str("type").StartsWith("Webhook", StringComparison.Ordinal)).ToList();

        Assert.Equal(unchanged, afterNoChange);
        Assert.Equal(["WebhookAdded", "WebhookUpdated", "WebhookRemoved"], events.Select(e => e.Str("type")));
        Assert.All(events, e => Assert.Equal(id, e.Str("webhookId")));
        Assert.Equal(["secret", "enabled"], events[1].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal((true, false), (events[0].At("enabled").GetBoolean(), events[1].At("enabled").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, events[2].At("enabled").ValueKind);
        var text = string.Join("\n", events.Select(e => e.GetRawText()));
        Assert.DoesNotContain("example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-0123456789", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_webhook_takes_it_off_the_board()
    {
        var board = await Alice.CreateBoardAsync();
        var id = await AddWebhookAsync(board.BoardId, Target);

        var removed = await Alice.DataAsync("mutation($id: ID!) { removeWebhook(input: { webhookId: $id }) { webhook { id } removedWebhookId board { webhooks { nodes { id } } } } }", new { id });
        var again = await Alice.MutateAsync("removeWebhook", "RemoveWebhookInput", new { webhookId = id }, "removedWebhookId");

        Assert.Equal(JsonValueKind.Null, removed.At("removeWebhook.webhook").ValueKind);
        Assert.Equal(id, removed.Str("removeWebhook.removedWebhookId"));
        Assert.Empty(removed.Nodes("removeWebhook.board.webhooks"));
        Assert.Equal("NOT_FOUND", again.ErrorCode);
    }

    [Theory]
    [InlineData("mo", "webhooks { nodes { id } }")]
    [InlineData("mo", "webhookDeliveries { nodes { id payload } }")]
    [InlineData("vera", "webhooks { nodes { id } }")]
    [InlineData("vera", "webhookDeliveries(first: 5) { nodes { id payload } }")]
    public async Task Members_and_viewers_get_forbidden_for_the_webhook_fields_and_the_rest_of_the_board(string user, string field)
    {
        var board = await Alice.CreateBoardAsync("Team board");
        await Alice.AddMemberAsync(board.BoardId, "mo", "MEMBER");
        await Alice.AddMemberAsync(board.BoardId, "vera", "VIEWER");
        await CreateDeliveryAsync(board.BoardId, await AddWebhookAsync(board.BoardId, Target));

        var response = await App.ClientFor(user).SendAsync($"query($id: ID!) {{ board(id: $id) {{ name {field} }} }}", new { id = board.BoardId });

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Equal("Team board", response.Data.Str("board.name"));
        Assert.Equal(JsonValueKind.Null, response.Data.At("board." + field.Split(['(', ' '])[0]).ValueKind);
        Assert.DoesNotContain("example.com", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("stale-cards", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_cannot_add_a_webhook_and_an_admin_of_another_board_cannot_see_one()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "mo", "MEMBER");
        var id = await AddWebhookAsync(board.BoardId, Target);
        await Bob.CreateBoardAsync("Bob's board");

        var asMember = await App.ClientFor("mo").MutateAsync("addWebhook", "AddWebhookInput",
            new { boardId = board.BoardId, url = Target.ToString(), secret = Secret }, "webhook { id }");
        var asStranger = await Bob.MutateAsync("updateWebhook", "UpdateWebhookInput", new { webhookId = id, enabled = false }, "webhook { id }");

        Assert.Equal("FORBIDDEN", asMember.ErrorCode);
        Assert.Equal("NOT_FOUND", asStranger.ErrorCode);
        Assert.DoesNotContain(Secret, asMember.Text, StringComparison.Ordinal);
        Assert.Single((await Alice.BoardAsync(board.BoardId, "webhooks { nodes { id enabled } }")).Nodes("webhooks"), w => w.At("enabled").GetBoolean());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://files.example.com/hook")]
    [InlineData("https://user:password@hooks.example.com/hook")]
    [InlineData("")]
    public async Task An_invalid_url_is_refused_with_the_field(string url)
    {
        var board = await Alice.CreateBoardAsync();

        var response = await Alice.MutateAsync("addWebhook", "AddWebhookInput", new { boardId = board.BoardId, url, secret = Secret }, "webhook { id }");

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("url", response.FirstErrorExtensions.GetProperty("field").GetString());
        Assert.Empty((await Alice.BoardAsync(board.BoardId, "webhooks { nodes { id } }")).Nodes("webhooks"));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("fifteen-chars!!")]
    [InlineData("sixteen-chars-\u0007!")]
    public async Task A_short_or_unprintable_secret_is_refused_with_the_field(string secret)
    {
        var board = await Alice.CreateBoardAsync();
        var id = await AddWebhookAsync(board.BoardId, Target);

        var added = await Alice.MutateAsync("addWebhook", "AddWebhookInput", new { boardId = board.BoardId, url = Target.ToString(), secret }, "webhook { id }");
        var updated = await Alice.MutateAsync("updateWebhook", "UpdateWebhookInput", new { webhookId = id, secret }, "webhook { id }");

        Assert.Equal(("VALIDATION", "secret"), (added.ErrorCode, added.FirstErrorExtensions.GetProperty("field").GetString()));
        Assert.Equal(("VALIDATION", "secret"), (updated.ErrorCode, updated.FirstErrorExtensions.GetProperty("field").GetString()));
        Assert.Equal(Secret[^4..], (await Alice.BoardAsync(board.BoardId, "webhooks { nodes { secretHint } }")).Str("webhooks.nodes.0.secretHint"));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("7d6f0a0e-1c2b-4d3e-8f90-a1b2c3d4e5f6")]
    public async Task An_unknown_webhook_is_not_found(string webhookId)
    {
        var update = await Alice.MutateAsync("updateWebhook", "UpdateWebhookInput", new { webhookId, enabled = false }, "webhook { id }");
        var remove = await Alice.MutateAsync("removeWebhook", "RemoveWebhookInput", new { webhookId }, "removedWebhookId");

        Assert.Equal(("NOT_FOUND", "NOT_FOUND"), (update.ErrorCode, remove.ErrorCode));
    }

    private async Task<JsonElement> UpdateAsync(object input)
    {
        var response = await Alice.MutateAsync("updateWebhook", "UpdateWebhookInput", input, $"webhook {{ {WebhookFields} }}");
        Assert.True(response.Errors is null, response.Text);
        Assert.DoesNotContain("secret-", response.Text, StringComparison.Ordinal);
        return response.Data.At("updateWebhook.webhook");
    }
}

public sealed class SqliteWebhookApiTests(SqliteWebhookApp app) : WebhookApiTests(app), IClassFixture<SqliteWebhookApp>;

public sealed class PostgresWebhookApiTests(PostgresWebhookApp app) : WebhookApiTests(app), IClassFixture<PostgresWebhookApp>;
