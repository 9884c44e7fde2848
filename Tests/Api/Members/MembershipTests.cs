using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

public abstract class MembershipTests(KanbanApp app) : ApiTestBase(app)
{
    private const string Members = "viewerRole members { nodes { user { userId name } role addedBy } }";

    [Fact]
    public async Task The_creator_of_a_board_is_its_admin()
    {
        var board = await Alice.CreateBoardAsync();

        var data = await Alice.BoardAsync(board.BoardId, Members);

        Assert.Equal("ADMIN", data.Str("viewerRole"));
        var member = Assert.Single(data.Nodes("members"));
        Assert.Equal(("alice", "Alice", "ADMIN"), (member.Str("user.userId"), member.Str("user.name"), member.Str("role")));
    }

    [Fact]
    public async Task An_added_member_sees_the_board_with_their_role_and_their_name_from_their_token()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "bob", "VIEWER");

        var asBob = await Bob.BoardAsync(board.BoardId, Members);

        Assert.Equal("VIEWER", asBob.Str("viewerRole"));
        var bob = asBob.Nodes("members").Single(m => m.Str("user.userId") == "bob");
        Assert.Equal(("Bob", "VIEWER", "alice"), (bob.Str("user.name"), bob.Str("role"), bob.Str("addedBy")));
        Assert.Contains(await Bob.AllBoardsAsync("id"), b => b.Str("id") == board.BoardId);
    }

    [Fact]
    public async Task Someone_who_never_signed_in_can_be_added_and_is_shown_by_id_until_they_do()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "zora-new", "MEMBER");

        var before = (await Alice.BoardAsync(board.BoardId, Members)).Nodes("members").Single(m => m.Str("user.userId") == "zora-new");
        await App.ClientFor("zora-new", "Zora").DataAsync("{ viewer { id } }");
        var after = (await Alice.BoardAsync(board.BoardId, Members)).Nodes("members").Single(m => m.Str("user.userId") == "zora-new");

        Assert.Equal("zora-new", before.Str("user.name"));
        Assert.Equal("Zora", after.Str("user.name"));
    }

    [Fact]
    public async Task A_display_name_follows_the_name_in_the_latest_token()
    {
        var board = await Alice.CreateBoardAsync();
        await App.ClientFor("alice", "Alice Renamed").DataAsync("{ viewer { id } }");

        var data = await Alice.BoardAsync(board.BoardId, Members);

        Assert.Equal("Alice", data.Str("members.nodes.0.user.name"));
        var renamed = await App.ClientFor("alice", "Alice Renamed").BoardAsync(board.BoardId, Members);
        Assert.Equal("Alice Renamed", renamed.Str("members.nodes.0.user.name"));
    }

    [Fact]
    public async Task Adding_someone_twice_is_refused()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "bob", "MEMBER");

        var again = await Alice.MutateAsync("addMember", "AddMemberInput", new { boardId = board.BoardId, userId = "bob", role = "ADMIN" }, "member { role }");

        Assert.Equal("VALIDATION", again.ErrorCode);
        Assert.Equal("userId", again.FirstErrorExtensions.GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_last_admin_can_neither_be_demoted_nor_leave()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "bob", "MEMBER");
        var before = await Alice.EventCountAsync(board.BoardId);

        var demote = await Alice.MutateAsync("changeMemberRole", "ChangeMemberRoleInput", new { boardId = board.BoardId, userId = "alice", role = "MEMBER" }, "member { role }");
        var leave = await Alice.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "alice" }, "removedUserId");

        Assert.Equal("VALIDATION", demote.ErrorCode);
        Assert.Equal("VALIDATION", leave.ErrorCode);
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal("ADMIN", (await Alice.BoardAsync(board.BoardId, "viewerRole")).Str("viewerRole"));
    }

    [Fact]
    public async Task With_a_second_admin_the_first_may_step_down_and_then_administers_nothing()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "bob", "ADMIN");

        var demote = await Alice.MutateAsync("changeMemberRole", "ChangeMemberRoleInput", new { boardId = board.BoardId, userId = "alice", role = "MEMBER" }, "member { role }");
        var rename = await Alice.MutateAsync("renameBoard", "RenameBoardInput", new { boardId = board.BoardId, name = "Mine again" }, "board { name }");
        var card = await Alice.CreateCardAsync(board.BoardId, "Still equal on cards");

        Assert.Null(demote.Errors);
        Assert.Equal("FORBIDDEN", rename.ErrorCode);
        Assert.Equal("Still equal on cards", card.Str("title"));
    }

    [Fact]
    public async Task A_member_may_leave_but_not_remove_someone_else()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "bob", "MEMBER");
        await Alice.AddMemberAsync(board.BoardId, "carol", "MEMBER");

        var removeCarol = await Bob.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "carol" }, "removedUserId");
        var leave = await Bob.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "bob" }, "removedUserId");

        Assert.Equal("FORBIDDEN", removeCarol.ErrorCode);
        Assert.Null(leave.Errors);
        Assert.Equal("NOT_FOUND", (await Bob.SendAsync("query($id: ID!) { board(id: $id) { id } }", new { id = board.BoardId })).ErrorCode);
        Assert.DoesNotContain(await Bob.AllBoardsAsync("id"), b => b.Str("id") == board.BoardId);
    }

    [Fact]
    public async Task A_removed_member_can_no_longer_touch_the_boards_cards()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "bob", "MEMBER");
        var card = (await Bob.CreateCardAsync(board.BoardId, "Bob's problem")).Str("id");
        await Alice.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "bob" }, "removedUserId");
        var before = await Alice.EventCountAsync(board.BoardId);

        var read = await Bob.SendAsync("query($id: ID!) { card(id: $id) { title } }", new { id = card });
        var move = await Bob.MoveCardAsync(card, board.ColumnIds[1]);

        Assert.Equal("NOT_FOUND", read.ErrorCode);
        Assert.Equal("NOT_FOUND", move.ErrorCode);
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_member_of_board_A_can_neither_read_nor_move_a_card_of_board_B()
    {
        var boardA = await Alice.CreateBoardAsync("Board A");
        var boardB = await Bob.CreateBoardAsync("Board B");
        var cardB = (await Bob.CreateCardAsync(boardB.BoardId, "Secret customer quote")).Str("id");
        var before = await Bob.EventCountAsync(boardB.BoardId);

        var read = await Alice.SendAsync("query($id: ID!) { card(id: $id) { title evidence { nodes { content } } } }", new { id = cardB });
        var readBoard = await Alice.SendAsync("query($id: ID!) { board(id: $id) { name cards { nodes { title } } } }", new { id = boardB.BoardId });
        var moveOut = await Alice.MoveCardAsync(cardB, boardA.ColumnIds[1]);
        var moveWithin = await Alice.MoveCardAsync(cardB, boardB.ColumnIds[1]);
        var vote = await Alice.MutateAsync("vote", "VoteInput", new { cardId = cardB }, "card { voteCount }");

        foreach (var response in new[] { read, readBoard, moveOut, moveWithin, vote })
        {
            Assert.Equal("NOT_FOUND", response.ErrorCode);
            Assert.DoesNotContain("Secret customer quote", response.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Board B", response.Text, StringComparison.Ordinal);
        }

        Assert.Equal(before, await Bob.EventCountAsync(boardB.BoardId));
        Assert.Equal(boardB.ColumnIds[0], (await Bob.CardAsync(cardB)).Str("column.id"));
    }

    [Fact]
    public async Task A_non_member_gets_the_same_answer_for_an_existing_board_as_for_a_missing_one()
    {
        var board = await Bob.CreateBoardAsync("Hidden");

        var existing = await Alice.SendAsync("query($id: ID!) { board(id: $id) { id } }", new { id = board.BoardId });
        var missing = await Alice.SendAsync("query($id: ID!) { board(id: $id) { id } }", new { id = Guid.NewGuid().ToString() });

        Assert.Equal(missing.ErrorCode, existing.ErrorCode);
        Assert.Equal(missing.Text.Replace(missing.Text.Split('\'')[1], "ID", StringComparison.Ordinal),
            existing.Text.Replace(board.BoardId, "ID", StringComparison.Ordinal));
    }
}

public sealed class SqliteMembershipTests(SqliteApp app) : MembershipTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresMembershipTests(PostgresApp app) : MembershipTests(app), IClassFixture<PostgresApp>;
