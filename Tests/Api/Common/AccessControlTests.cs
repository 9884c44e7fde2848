using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.SchemaRoot;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Every root query and mutation field, called as a non-member, a viewer, a member and an admin of the board it
/// addresses. The table below says what each field needs; a root field that is not in it fails the suite, so a
/// field added later cannot ship without an access decision and a test of it. Subscription fields name their
/// access test in a list of their own.
/// </summary>
public abstract class AccessControlTests(KanbanApp app) : ApiTestBase(app)
{
    public enum Need
    {
        SignedIn,
        Viewer,
        Member,
        Admin,
    }

    /// <summary>The board a case runs against, made fresh for every call so that calls cannot disturb each other.</summary>
    public sealed record Scene(string BoardId, string ColumnId, string EmptyColumnId, string SwimlaneId, string EmptySwimlaneId, string CardId, string OtherCardId,
        string ArchivedCardId, string EvidenceId, string ExperimentId, string InsightId, string WebhookId, string CustomerId, string ArchivedCustomerId,
        string CommentId, string MemberCommentId, string DeliveryId);

    private sealed record Case(Need Need, string Document, Func<Scene, string, object> Variables);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Query.viewer"] = new(Need.SignedIn, "{ viewer { id } }", (_, _) => new { }),
        ["Query.boards"] = new(Need.SignedIn, "{ boards { nodes { id } } }", (_, _) => new { }),
        ["Query.board"] = new(Need.Viewer, "query($id: ID!) { board(id: $id) { id name } }", (s, _) => new { id = s.BoardId }),
        ["Query.card"] = new(Need.Viewer, "query($id: ID!) { card(id: $id) { id title } }", (s, _) => new { id = s.CardId }),
        ["Query.staleCards"] = new(Need.Viewer, "query($id: ID!) { staleCards(boardId: $id) { nodes { id } } }", (s, _) => new { id = s.BoardId }),
        ["Query.node"] = new(Need.Viewer, "query($id: ID!) { node(id: $id) { id } }", (s, _) => new { id = s.CardId }),
        ["Query.nodes"] = new(Need.Viewer, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", (s, _) => new { ids = new[] { s.BoardId, s.CardId, s.EvidenceId, s.ExperimentId, s.InsightId, s.CustomerId, s.CommentId } }),
        ["Query.flowMetrics"] = new(Need.Viewer, "query($id: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!) { flowMetrics(boardId: $id, from: $f, to: $t) { groups { key } } }",
            (s, _) => new { id = s.BoardId, f = DateTimeOffset.UtcNow.AddDays(-30), t = DateTimeOffset.UtcNow }),
        ["Query.forecastWhen"] = new(Need.Viewer, "query($id: ID!) { forecastWhen(boardId: $id, items: 3, trials: 100) { seed } }", (s, _) => new { id = s.BoardId }),
        ["Query.forecastHowMany"] = new(Need.Viewer, "query($id: ID!, $u: DateOnly!) { forecastHowMany(boardId: $id, until: $u, trials: 100) { seed } }",
            (s, _) => new { id = s.BoardId, u = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }),
        ["Query.boardEvents"] = new(Need.Viewer, "query($id: ID!) { boardEvents(boardId: $id, first: 5) { nodes { seq type } } }", (s, _) => new { id = s.BoardId }),

        ["Mutation.markNotificationsRead"] = Input(Need.SignedIn, "markNotificationsRead", "MarkNotificationsReadInput", "marked",
            (_, _) => new { upTo = Ids.Global("Notification", "0") }),
        ["Mutation.createBoard"] = Input(Need.SignedIn, "createBoard", "CreateBoardInput", "board { id }", (_, _) => new { name = "Mine" }),
        ["Mutation.updateBoardPolicy"] = Input(Need.Admin, "updateBoardPolicy", "UpdateBoardPolicyInput", "board { id }", (s, _) => new { boardId = s.BoardId, defaultStaleAfter = "P3D" }),
        ["Mutation.renameBoard"] = Input(Need.Admin, "renameBoard", "RenameBoardInput", "board { id }", (s, _) => new { boardId = s.BoardId, name = "Renamed" }),
        ["Mutation.addColumn"] = Input(Need.Admin, "addColumn", "AddColumnInput", "column { id }", (s, _) => new { boardId = s.BoardId, name = "Extra" }),
        ["Mutation.updateColumn"] = Input(Need.Admin, "updateColumn", "UpdateColumnInput", "column { id }", (s, _) => new { columnId = s.ColumnId, wipLimit = 9 }),
        ["Mutation.moveColumn"] = Input(Need.Admin, "moveColumn", "MoveColumnInput", "column { id }", (s, _) => new { columnId = s.EmptyColumnId, toPosition = 0 }),
        ["Mutation.removeColumn"] = Input(Need.Admin, "removeColumn", "RemoveColumnInput", "removedColumnId", (s, _) => new { columnId = s.EmptyColumnId }),
        ["Mutation.addSwimlane"] = Input(Need.Admin, "addSwimlane", "AddSwimlaneInput", "swimlane { id }", (s, _) => new { boardId = s.BoardId, name = "Partners", customerKind = "EXTERNAL" }),
        ["Mutation.updateSwimlane"] = Input(Need.Admin, "updateSwimlane", "UpdateSwimlaneInput", "swimlane { id }", (s, _) => new { swimlaneId = s.SwimlaneId, name = "Renamed lane" }),
        ["Mutation.moveSwimlane"] = Input(Need.Admin, "moveSwimlane", "MoveSwimlaneInput", "swimlane { id }", (s, _) => new { swimlaneId = s.EmptySwimlaneId, toPosition = 0 }),
        ["Mutation.removeSwimlane"] = Input(Need.Admin, "removeSwimlane", "RemoveSwimlaneInput", "removedSwimlaneId", (s, _) => new { swimlaneId = s.EmptySwimlaneId }),
        ["Mutation.createCard"] = Input(Need.Member, "createCard", "CreateCardInput", "card { id }", (s, _) => new { boardId = s.BoardId, title = "New problem" }),
        ["Mutation.updateCard"] = Input(Need.Member, "updateCard", "UpdateCardInput", "card { id }", (s, _) => new { cardId = s.CardId, title = "Edited" }),
        ["Mutation.moveCard"] = Input(Need.Member, "moveCard", "MoveCardInput", "card { id }", (s, _) => new { cardId = s.CardId, toColumnId = s.EmptyColumnId }),
        ["Mutation.blockCard"] = Input(Need.Member, "blockCard", "BlockCardInput", "card { id }", (s, _) => new { cardId = s.CardId, reason = "Waiting" }),
        ["Mutation.unblockCard"] = Input(Need.Member, "unblockCard", "CardChangeInput", "card { id }", (s, _) => new { cardId = s.CardId }),
        ["Mutation.snoozeCard"] = Input(Need.Member, "snoozeCard", "SnoozeCardInput", "card { id }", (s, _) => new { cardId = s.CardId, until = DateTimeOffset.UtcNow.AddDays(2) }),
        ["Mutation.archiveCard"] = Input(Need.Member, "archiveCard", "CardChangeInput", "card { id }", (s, _) => new { cardId = s.CardId }),
        ["Mutation.restoreCard"] = Input(Need.Member, "restoreCard", "CardChangeInput", "card { id }", (s, _) => new { cardId = s.ArchivedCardId }),
        ["Mutation.addEvidence"] = Input(Need.Member, "addEvidence", "AddEvidenceInput", "evidence { id }", (s, _) => new { cardId = s.CardId, kind = "QUOTE", content = "It hurts" }),
        ["Mutation.addExperiment"] = Input(Need.Member, "addExperiment", "AddExperimentInput", "experiment { id }",
            (s, actor) => new { cardId = s.CardId, hypothesis = $"{actor} believes a shorter form helps", measure = "Fewer abandoned forms" }),
        ["Mutation.updateExperiment"] = Input(Need.Member, "updateExperiment", "UpdateExperimentInput", "experiment { id learning }",
            (s, actor) => new { experimentId = s.ExperimentId, learning = $"{actor} noted something" }),
        ["Mutation.removeEvidence"] = Input(Need.Member, "removeEvidence", "RemoveEvidenceInput", "removedEvidenceId", (s, _) => new { evidenceId = s.EvidenceId }),
        ["Mutation.vote"] = Input(Need.Member, "vote", "VoteInput", "card { id }", (s, _) => new { cardId = s.CardId }),
        ["Mutation.watchCard"] = Input(Need.Viewer, "watchCard", "WatchCardInput", "card { id watcherCount viewerIsWatching }", (s, _) => new { cardId = s.CardId }),
        ["Mutation.unwatchCard"] = Input(Need.Viewer, "unwatchCard", "WatchCardInput", "card { id watcherCount viewerIsWatching }", (s, _) => new { cardId = s.CardId }),
        ["Mutation.unvote"] = Input(Need.Member, "unvote", "VoteInput", "card { id }", (s, _) => new { cardId = s.CardId }),
        ["Mutation.mergeCards"] = Input(Need.Member, "mergeCards", "MergeCardsInput", "source { id } target { id }", (s, _) => new { sourceCardId = s.OtherCardId, targetCardId = s.CardId }),
        // Viewers are often closest to the customer: they may submit, and only members triage.
        ["Mutation.submitInsight"] = Input(Need.Viewer, "submitInsight", "SubmitInsightInput", "insight { id }",
            (s, actor) => new { boardId = s.BoardId, text = $"{actor} heard a customer", proximity = "DIRECT_CONTACT" }),
        ["Mutation.attachInsight"] = Input(Need.Member, "attachInsight", "AttachInsightInput", "insight { id }", (s, _) => new { insightId = s.InsightId, cardId = s.CardId }),
        ["Mutation.promoteInsight"] = Input(Need.Member, "promoteInsight", "PromoteInsightInput", "card { id }", (s, _) => new { insightId = s.InsightId, title = "Promoted" }),
        ["Mutation.dismissInsight"] = Input(Need.Member, "dismissInsight", "DismissInsightInput", "insight { id }", (s, _) => new { insightId = s.InsightId, reason = "Known" }),
        ["Mutation.addComment"] = Input(Need.Member, "addComment", "AddCommentInput", "comment { id }",
            (s, actor) => new { cardId = s.CardId, text = $"{actor} thinks so too", mentions = new[] { "mo" } }),
        // Only its author edits a comment: each caller edits their own where they have one (alice and mo), else mo's.
        ["Mutation.editComment"] = Input(Need.Member, "editComment", "EditCommentInput", "comment { id editedAt }",
            (s, actor) => new { commentId = actor == "alice" ? s.CommentId : s.MemberCommentId, text = $"{actor} changed their mind" }),
        // mo's comment: its author and an admin may delete it.
        ["Mutation.deleteComment"] = Input(Need.Member, "deleteComment", "DeleteCommentInput", "comment { id isDeleted }", (s, _) => new { commentId = s.MemberCommentId }),
        ["Mutation.addCustomer"] = Input(Need.Member, "addCustomer", "AddCustomerInput", "customer { id }", (s, actor) => new { boardId = s.BoardId, name = $"{actor}'s customer" }),
        ["Mutation.updateCustomer"] = Input(Need.Member, "updateCustomer", "UpdateCustomerInput", "customer { id }", (s, actor) => new { customerId = s.CustomerId, notes = $"{actor} called them" }),
        ["Mutation.archiveCustomer"] = Input(Need.Member, "archiveCustomer", "CustomerChangeInput", "customer { id }", (s, _) => new { customerId = s.CustomerId }),
        ["Mutation.restoreCustomer"] = Input(Need.Member, "restoreCustomer", "CustomerChangeInput", "customer { id }", (s, _) => new { customerId = s.ArchivedCustomerId }),
        ["Mutation.addMember"] = Input(Need.Admin, "addMember", "AddMemberInput", "member { role }", (s, _) => new { boardId = s.BoardId, userId = "newcomer", role = "VIEWER" }),
        ["Mutation.changeMemberRole"] = Input(Need.Admin, "changeMemberRole", "ChangeMemberRoleInput", "member { role }", (s, _) => new { boardId = s.BoardId, userId = "vera", role = "MEMBER" }),
        ["Mutation.addWebhook"] = Input(Need.Admin, "addWebhook", "AddWebhookInput", "webhook { id }", (s, _) => new { boardId = s.BoardId, url = "https://hooks.example.com/other", secret = "another-secret-of-16+" }),
        ["Mutation.updateWebhook"] = Input(Need.Admin, "updateWebhook", "UpdateWebhookInput", "webhook { id }", (s, _) => new { webhookId = s.WebhookId, enabled = false }),
        ["Mutation.removeWebhook"] = Input(Need.Admin, "removeWebhook", "RemoveWebhookInput", "removedWebhookId", (s, _) => new { webhookId = s.WebhookId }),
        ["Mutation.redeliverWebhookDelivery"] = Input(Need.Admin, "redeliverWebhookDelivery", "RedeliverWebhookDeliveryInput", "id status", (s, _) => new { deliveryId = s.DeliveryId }),
        // Anyone on the board may leave it; removing someone else is an admin's (see the membership tests).
        ["Mutation.removeMember"] = Input(Need.Viewer, "removeMember", "RemoveMemberInput", "removedUserId", (s, actor) => new { boardId = s.BoardId, userId = actor == "alice" ? "vera" : actor }),
    };

    /// <summary>
    /// Subscription root fields, each with the test that subscribes as a non-member and as a member (they need a socket
    /// or a stream, not one request, so they are tested where the live transports are).
    /// </summary>
    private static readonly Dictionary<string, (Type TestClass, string Test)> SubscriptionCases = new()
    {
        ["Subscription.boardEvents"] = (typeof(BoardEventSubscriptionTests), nameof(BoardEventSubscriptionTests.Board_events_are_for_the_boards_members_only)),
        ["Subscription.viewerNotifications"] = (typeof(NotificationTests), nameof(NotificationTests.Viewer_notifications_are_the_viewers_own_and_arrive_live_over_a_WebSocket)),
    };

    public static TheoryData<string, string> Calls()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in Cases.Keys)
        {
            foreach (var actor in new[] { "nina", "vera", "mo", "alice" })
                data.Add(field, actor);
        }

        return data;
    }

    [Fact]
    public void Every_root_field_of_the_schema_has_an_access_case()
    {
        var schema = App.Services.GetRequiredService<KanbanSchema>();
        var printed = schema.Query.Fields.Select(f => $"Query.{f.Name}")
            .Concat(schema.Mutation!.Fields.Select(f => $"Mutation.{f.Name}"))
            .ToList();

        Assert.Empty(printed.Except(Cases.Keys));
        Assert.Empty(Cases.Keys.Except(printed));
    }

    [Fact]
    public void Every_subscription_root_field_has_a_subscription_access_test()
    {
        var schema = App.Services.GetRequiredService<KanbanSchema>();
        var fields = schema.Subscription!.Fields.Select(f => $"Subscription.{f.Name}").ToList();

        Assert.Empty(fields.Except(SubscriptionCases.Keys));
        Assert.Empty(SubscriptionCases.Keys.Except(fields));
        foreach (var (field, (testClass, test)) in SubscriptionCases)
        {
            var method = testClass.GetMethod(test);
            Assert.True(method?.GetCustomAttributes(typeof(FactAttribute), inherit: true).Length > 0, $"{field}: {testClass.Name}.{test} is not a test.");
        }
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_root_field_is_allowed_or_refused_by_the_callers_role(string field, string actor)
    {
        var scene = await SetSceneAsync();
        var @case = Cases[field];
        var before = await Alice.EventCountAsync(scene.BoardId);

        var response = await App.ClientFor(actor).SendAsync(@case.Document, @case.Variables(scene, actor));

        var role = actor switch { "nina" => (Need?)null, "vera" => Need.Viewer, "mo" => Need.Member, _ => Need.Admin };
        var allowed = @case.Need == Need.SignedIn || (role is { } r && r >= @case.Need);
        if (allowed)
        {
            Assert.True(response.Errors is null, $"{field} as {actor}: {response.Text}");
            return;
        }

        Assert.True(response.ErrorCode == (role is null ? "NOT_FOUND" : "FORBIDDEN"), $"{field} as {actor}: {response.Text}");
        Assert.DoesNotContain("Access scene", response.Text, StringComparison.Ordinal);
        Assert.Equal(before, await Alice.EventCountAsync(scene.BoardId));
    }

    private static Case Input(Need need, string mutation, string inputType, string selection, Func<Scene, string, object> input) =>
        new(need, $"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ {selection} }} }}", (s, actor) => new { input = input(s, actor) });

    /// <summary>
    /// Alice's board with vera (viewer) and mo (member), a spare column and swimlane, a blocked and voted card with
    /// evidence and an experiment, a second card, an archived card, an insight in the inbox, a webhook, a customer and an
    /// archived one, a comment of alice's and one of mo's: every field has something to change.
    /// </summary>
    private async Task<Scene> SetSceneAsync()
    {
        var board = await Alice.CreateBoardAsync("Access scene", columns: new object[] { new { name = "Inbox" }, new { name = "Spare" } },
            swimlanes: new object[] { new { name = "Customers", customerKind = "EXTERNAL" }, new { name = "Spare lane", customerKind = "INTERNAL" } });
        await Alice.AddMemberAsync(board.BoardId, "vera", "VIEWER");
        await Alice.AddMemberAsync(board.BoardId, "mo", "MEMBER");
        var card = (await Alice.CreateCardAsync(board.BoardId, "Scene card", board.ColumnIds[0], board.SwimlaneIds[0])).Str("id");
        var other = (await Alice.CreateCardAsync(board.BoardId, "Duplicate card", board.ColumnIds[0], board.SwimlaneIds[0])).Str("id");
        var archived = (await Alice.CreateCardAsync(board.BoardId, "Archived card", board.ColumnIds[0], board.SwimlaneIds[0])).Str("id");
        var evidence = (await Alice.DataAsync(
            "mutation($id: ID!) { addEvidence(input: { cardId: $id, kind: OBSERVATION, content: \"Seen it\" }) { evidence { id } } }",
            new { id = card })).Str("addEvidence.evidence.id");
        var experiment = (await Alice.DataAsync(
            "mutation($id: ID!) { addExperiment(input: { cardId: $id, hypothesis: \"A call helps\", measure: \"Callbacks\" }) { experiment { id } } }",
            new { id = card })).Str("addExperiment.experiment.id");
        await Alice.DataAsync("mutation($id: ID!) { blockCard(input: { cardId: $id, reason: \"Because\" }) { card { id } } }", new { id = card });
        await Alice.DataAsync("mutation($id: ID!) { vote(input: { cardId: $id }) { card { id } } }", new { id = card });
        await Alice.DataAsync("mutation($id: ID!) { archiveCard(input: { cardId: $id }) { card { id } } }", new { id = archived });
        var webhook = (await Alice.DataAsync(
            "mutation($id: ID!) { addWebhook(input: { boardId: $id, url: \"https://hooks.example.com/kanban\", secret: \"scene-secret-0123456789\", enabled: false }) { webhook { id } } }",
            new { id = board.BoardId })).Str("addWebhook.webhook.id");
        var insight = (await Alice.DataAsync(
            "mutation($id: ID!) { submitInsight(input: { boardId: $id, text: \"Customers call twice\", proximity: SECOND_HAND }) { insight { id } } }",
            new { id = board.BoardId })).Str("submitInsight.insight.id");
        var customer = (await Alice.DataAsync("mutation($id: ID!) { addCustomer(input: { boardId: $id, name: \"Scene customer\" }) { customer { id } } }",
            new { id = board.BoardId })).Str("addCustomer.customer.id");
        var archivedCustomer = (await Alice.DataAsync("mutation($id: ID!) { addCustomer(input: { boardId: $id, name: \"Former customer\" }) { customer { id } } }",
            new { id = board.BoardId })).Str("addCustomer.customer.id");
        await Alice.DataAsync("mutation($id: ID!) { archiveCustomer(input: { customerId: $id }) { customer { id } } }", new { id = archivedCustomer });
        const string Comment = "mutation($id: ID!) { addComment(input: { cardId: $id, text: \"Seen this before\" }) { comment { id } } }";
        var comment = (await Alice.DataAsync(Comment, new { id = card })).Str("addComment.comment.id");
        var memberComment = (await App.ClientFor("mo").DataAsync(Comment, new { id = card })).Str("addComment.comment.id");
        return new Scene(board.BoardId, board.ColumnIds[0], board.ColumnIds[1], board.SwimlaneIds[0], board.SwimlaneIds[1], card, other, archived, evidence,
            experiment, insight, webhook, customer, archivedCustomer, comment, memberComment, await DeliveredAsync(board.BoardId, webhook));
    }

    /// <summary>A delivered digest in the webhook's log (the webhook is disabled, so a redelivery never leaves the machine).</summary>
    private async Task<string> DeliveredAsync(string boardId, string webhookId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanCustomer.Infrastructure.Persistence.KanbanDbContext>();
        var now = DateTimeOffset.UtcNow;
        var delivery = new KanbanCustomer.Domain.Webhooks.WebhookDelivery(Ids.Parse(webhookId, "Webhook"), Ids.Parse(boardId, "Board"), "{}", now);
        delivery.Succeeded(200, now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return Ids.Global("WebhookDelivery", delivery.Id);
    }
}

public sealed class SqliteAccessControlTests(SqliteApp app) : AccessControlTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAccessControlTests(PostgresApp app) : AccessControlTests(app), IClassFixture<PostgresApp>;
