using System.Text.Json;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>The board's customer directory: adding, changing, archiving and restoring customers, and the refusals.</summary>
public abstract class CustomerDirectoryTests(KanbanApp app) : CustomerTestBase(app)
{
    [Fact]
    public async Task A_customer_is_added_changed_archived_and_restored_each_as_a_board_event()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var before = await Alice.EventCountAsync(board.BoardId);

        var added = CustomerOf(await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "  Acme GmbH ", segmentId = board.SwimlaneIds[1], externalRef = " CRM-1 ", notes = "Key account" }), "addCustomer");

        // The default board's second lane holds internal customers: an omitted kind takes the segment's.
        Assert.Equal(("Acme GmbH", "INTERNAL", board.SwimlaneIds[1], "CRM-1", "Key account"),
            (added.Str("name"), added.Str("kind"), added.Str("segment.id"), added.Str("externalRef"), added.Str("notes")));
        Assert.Equal((1, "bob", false, JsonValueKind.Null, board.BoardId), (added.Number("version"), added.Str("createdBy"), added.GetProperty("isArchived").GetBoolean(),
            added.GetProperty("archivedAt").ValueKind, added.Str("boardId")));
        Assert.Equal(App.Clock.GetUtcNow(), added.GetProperty("createdAt").GetDateTimeOffset());
        var id = added.Str("id");

        var changed = CustomerOf(await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput",
            new { customerId = id, expectedVersion = 1, name = "Acme AG", kind = "EXTERNAL", segmentId = (string?)null }), "updateCustomer");
        Assert.Equal(("Acme AG", "EXTERNAL", JsonValueKind.Null, "CRM-1", "Key account", 2),
            (changed.Str("name"), changed.Str("kind"), changed.GetProperty("segment").ValueKind, changed.Str("externalRef"), changed.Str("notes"), changed.Number("version")));

        var stale = await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = id, expectedVersion = 1, notes = "lost update" });
        AssertRefused(stale, "CONFLICT");
        Assert.Equal(2, stale.FirstErrorExtensions.GetProperty("currentVersion").GetInt32());

        var archived = CustomerOf(await ChangeCustomerAsync(Carol, "archiveCustomer", "CustomerChangeInput", new { customerId = id }), "archiveCustomer");
        Assert.True(archived.GetProperty("isArchived").GetBoolean());
        Assert.Equal(App.Clock.GetUtcNow(), archived.GetProperty("archivedAt").GetDateTimeOffset());
        AssertRefused(await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = id, name = "While archived" }), "VALIDATION", "customerId");

        var restored = CustomerOf(await ChangeCustomerAsync(Carol, "restoreCustomer", "CustomerChangeInput", new { customerId = id, expectedVersion = 3 }), "restoreCustomer");
        Assert.Equal((false, JsonValueKind.Null, 4), (restored.GetProperty("isArchived").GetBoolean(), restored.GetProperty("archivedAt").ValueKind, restored.Number("version")));
        Assert.Equal(before + 4, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_change_that_changes_nothing_keeps_the_version_and_writes_no_event()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var id = await CustomerAsync(board.BoardId, "Same", externalRef: "R-1");
        var before = await Alice.EventCountAsync(board.BoardId);

        var same = CustomerOf(await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = id, name = "Same ", externalRef = "R-1" }), "updateCustomer");

        Assert.Equal(1, same.Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_external_reference_used_by_another_customer_of_the_board_is_refused_and_nothing_is_written()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var other = await Alice.CreateTeamBoardAsync("Other board");
        var first = await CustomerAsync(board.BoardId, "First", externalRef: "CRM-7");
        var second = await CustomerAsync(board.BoardId, "Second", externalRef: "CRM-8");
        var before = await Alice.EventCountAsync(board.BoardId);

        var added = await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "Copy", externalRef = " CRM-7" });
        var updated = await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = second, name = "Renamed too", externalRef = "CRM-7" });

        AssertRefused(added, "DUPLICATE_EXTERNAL_REF", "externalRef");
        AssertRefused(updated, "DUPLICATE_EXTERNAL_REF", "externalRef");
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        var names = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { customers { nodes { name externalRef } } } }", new { id = board.BoardId })).Nodes("board.customers");
        Assert.Equal([("First", "CRM-7"), ("Second", "CRM-8")], names.Select(n => (n.Str("name"), n.Str("externalRef"))));

        // The same reference on another board, on the customer that has it, or once freed, is fine; none at all never clashes.
        Assert.True((await AddCustomerAsync(Alice, new { boardId = other.BoardId, name = "Elsewhere", externalRef = "CRM-7" })).Errors is null);
        Assert.True((await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = first, externalRef = "CRM-7", notes = "kept" })).Errors is null);
        Assert.True((await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = first, externalRef = (string?)null })).Errors is null);
        Assert.True((await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = second, externalRef = "CRM-7" })).Errors is null);
        Assert.True((await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "No reference", externalRef = "  " })).Errors is null);
        Assert.True((await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "No reference either" })).Errors is null);
    }

    [Fact]
    public async Task The_unique_index_refusal_of_a_lost_race_is_told_apart_from_other_failures()
    {
        var board = await Alice.CreateTeamBoardAsync();
        await CustomerAsync(board.BoardId, "First", externalRef: "RACE-1");
        var boardId = KanbanCustomer.Api.Common.Ids.Parse(board.BoardId, "Board");

        // What a second writer that slipped past the check would save: the same reference on the same board.
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var domainBoard = await db.Boards.Include(b => b.Swimlanes).SingleAsync(b => b.Id == boardId, TestContext.Current.CancellationToken);
        db.Customers.Add(Customer.Add(domainBoard, new CustomerDetails("Racer", CustomerKind.External, null, "RACE-1", null), "bob", App.Clock.GetUtcNow()));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.True(db.Violates<Customer>(refused, nameof(Customer.BoardId), nameof(Customer.ExternalRef)), refused.InnerException?.Message);
        Assert.False(db.Violates<KanbanCustomer.Domain.Boards.BoardEvent>(refused, nameof(KanbanCustomer.Domain.Boards.BoardEvent.BoardId), nameof(KanbanCustomer.Domain.Boards.BoardEvent.Seq)));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("other board's lane")]
    [InlineData("a column")]
    public async Task A_segment_that_is_not_a_swimlane_of_the_board_is_refused_and_nothing_is_written(string segment)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var other = await Alice.CreateTeamBoardAsync("Other board");
        var id = await CustomerAsync(board.BoardId, "Existing");
        var segmentId = segment switch { "garbage" => "not-an-id", "a column" => board.ColumnIds[0], _ => other.SwimlaneIds[0] };
        var before = await Alice.EventCountAsync(board.BoardId);

        AssertRefused(await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "New", segmentId }), "VALIDATION", "segmentId");
        AssertRefused(await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = id, segmentId }), "VALIDATION", "segmentId");

        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        var listed = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { customers { nodes { name version segment { id } } } } }", new { id = board.BoardId })).Nodes("board.customers");
        var existing = Assert.Single(listed);
        Assert.Equal(("Existing", 1, JsonValueKind.Null), (existing.Str("name"), existing.Number("version"), existing.GetProperty("segment").ValueKind));
    }

    [Fact]
    public async Task Bad_names_and_texts_are_refused_on_their_field()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var id = await CustomerAsync(board.BoardId, "Existing");

        AssertRefused(await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "  " }), "VALIDATION", "name");
        AssertRefused(await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "Long ref", externalRef = new string('x', Customer.ExternalRefMaxLength + 1) }), "VALIDATION", "externalRef");
        AssertRefused(await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = id, name = (string?)null }), "VALIDATION", "name");
        AssertRefused(await ChangeCustomerAsync(Bob, "updateCustomer", "UpdateCustomerInput", new { customerId = id, notes = new string('n', Customer.NotesMaxLength + 1) }), "VALIDATION", "notes");
    }

    [Fact]
    public async Task Unknown_ids_and_customers_of_boards_the_caller_is_not_on_are_not_found()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var id = await CustomerAsync(board.BoardId, "Private");
        var dave = App.ClientFor("dave");
        var unknown = KanbanCustomer.Api.Common.Ids.Global("Customer", Guid.NewGuid());
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        foreach (var (client, customerId) in new[] { (dave, id), (Bob, unknown), (Bob, "garbage"), (Bob, card) })
        {
            AssertRefused(await ChangeCustomerAsync(client, "updateCustomer", "UpdateCustomerInput", new { customerId, name = "Mine" }), "NOT_FOUND");
            AssertRefused(await ChangeCustomerAsync(client, "archiveCustomer", "CustomerChangeInput", new { customerId }), "NOT_FOUND");
            var node = await client.SendAsync("query($id: ID!) { node(id: $id) { id } }", new { id = customerId });
            if (customerId != card)
                AssertRefused(node, "NOT_FOUND");
        }

        AssertRefused(await AddCustomerAsync(dave, new { boardId = board.BoardId, name = "Intruder" }), "NOT_FOUND");
        Assert.DoesNotContain("Private", (await dave.SendAsync("query($id: ID!) { node(id: $id) { ... on Customer { name } } }", new { id })).Text, StringComparison.Ordinal);
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_customer_comes_back_from_node_and_its_segment_reads_null_once_the_lane_is_gone()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var lane = (await Alice.DataAsync("mutation($id: ID!) { addSwimlane(input: { boardId: $id, name: \"Partners\", customerKind: EXTERNAL }) { swimlane { id } } }",
            new { id = board.BoardId })).Str("addSwimlane.swimlane.id");
        var added = CustomerOf(await AddCustomerAsync(Bob, new { boardId = board.BoardId, name = "Partner Ltd", segmentId = lane }), "addCustomer");
        var id = added.Str("id");

        var node = (await Bob.DataAsync("query($id: ID!) { node(id: $id) { __typename id ... on Customer { name segment { id name } } } }", new { id })).GetProperty("node");
        Assert.Equal(("Customer", id, "Partner Ltd", lane, "Partners"), (node.Str("__typename"), node.Str("id"), node.Str("name"), node.Str("segment.id"), node.Str("segment.name")));

        var removed = await Alice.SendAsync("mutation($id: ID!) { removeSwimlane(input: { swimlaneId: $id }) { removedSwimlaneId } }", new { id = lane });
        Assert.True(removed.Errors is null, removed.Text);
        var after = (await Bob.DataAsync("query($id: ID!) { node(id: $id) { ... on Customer { name segment { id } } } }", new { id })).GetProperty("node");
        Assert.Equal(("Partner Ltd", JsonValueKind.Null), (after.Str("name"), after.GetProperty("segment").ValueKind));
    }
}

public sealed class SqliteCustomerDirectoryTests(SqliteApp app) : CustomerDirectoryTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCustomerDirectoryTests(PostgresApp app) : CustomerDirectoryTests(app), IClassFixture<PostgresApp>;
