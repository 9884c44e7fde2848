using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>addComment, editComment and deleteComment: who may, what they keep, what they refuse.</summary>
public abstract class CommentMutationTests(KanbanApp app) : CommentTestBase(app)
{
    [Fact]
    public async Task A_member_comments_as_written_with_mentions_and_everyone_on_the_board_reads_it()
    {
        var (board, card) = await CardOnBoardAsync();
        var before = await Alice.CardAsync(card, "version lastActivityAt");
        App.Clock.Advance(TimeSpan.FromHours(1));
        const string Written = "  Seen at Müller's too.\n\n  @carol, can you call them?  ";

        var response = await AddAsync(Bob, card, Written, ["carol", "vera", "carol"]);

        Assert.True(response.Errors is null, response.Text);
        var comment = response.Data.At("addComment.comment");
        Assert.Equal((Written, "bob", "bob", "Bob", card), (comment.Str("text"), comment.Str("authorId"), comment.Str("author.userId"), comment.Str("author.name"), comment.Str("cardId")));
        Assert.Equal(["carol", "vera"], comment.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(App.Clock.GetUtcNow(), comment.At("createdAt").GetDateTimeOffset());
        Assert.Equal((JsonValueKind.Null, false, 1), (comment.At("editedAt").ValueKind, comment.At("isDeleted").GetBoolean(), comment.Number("version")));
        Assert.Equal(App.Clock.GetUtcNow(), response.Data.At("addComment.card.lastActivityAt").GetDateTimeOffset());
        Assert.NotEqual(before.At("lastActivityAt").GetDateTimeOffset(), response.Data.At("addComment.card.lastActivityAt").GetDateTimeOffset());
        Assert.Equal(before.Number("version"), response.Data.Number("addComment.card.version"));
        foreach (var reader in new[] { Alice, Carol, Vera })
        {
            var discussion = await reader.CardAsync(card, $"comments {{ totalCount nodes {{ {CommentFields} }} }}");
            Assert.Equal(1, discussion.Number("comments.totalCount"));
            Assert.Equal(comment.GetRawText(), discussion.Nodes("comments")[0].GetRawText());
        }

        Assert.Equal(comment.GetRawText(), (await CommentAsync(Vera, comment.Str("id"))).GetRawText());
        var added = Assert.Single(await CommentEventsAsync(card));
        Assert.Equal(("CommentAdded", comment.Str("id"), "bob", Written), (added.Str("type"), added.Str("commentId"), added.Str("actor.userId"), added.Str("comment.text")));
        Assert.Equal(["carol", "vera"], added.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(card, added.Str("card.id"));
        Assert.Equal(board.BoardId, (await Alice.CardAsync(card, "boardId")).Str("boardId"));
    }

    [Fact]
    public async Task The_author_edits_text_and_mentions_editedAt_records_when_and_an_edit_that_changes_nothing_records_nothing()
    {
        var (_, card) = await CardOnBoardAsync();
        var comment = await AddedAsync(Bob, card, "First thought", ["carol"]);
        App.Clock.Advance(TimeSpan.FromMinutes(5));

        var kept = await EditAsync(Bob, comment, "Second thought", expectedVersion: 1);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var cleared = await EditAsync(Bob, comment, "Third thought", mentions: []);
        var editedAt = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var same = await EditAsync(Bob, comment, "Third thought", mentions: []);

        Assert.True(kept.Errors is null, kept.Text);
        Assert.Equal(("Second thought", "carol", 2), (kept.Data.Str("editComment.comment.text"), kept.Data.At("editComment.comment.mentions")[0].GetString()!, kept.Data.Number("editComment.comment.version")));
        Assert.True(cleared.Errors is null, cleared.Text);
        Assert.Equal(0, cleared.Data.At("editComment.comment.mentions").GetArrayLength());
        Assert.Equal(editedAt, cleared.Data.At("editComment.comment.editedAt").GetDateTimeOffset());
        Assert.Equal(editedAt, cleared.Data.At("editComment.card.lastActivityAt").GetDateTimeOffset());
        Assert.True(same.Errors is null, same.Text);
        Assert.Equal((editedAt, 3), (same.Data.At("editComment.comment.editedAt").GetDateTimeOffset(), same.Data.Number("editComment.comment.version")));
        Assert.Equal(["CommentAdded", "CommentEdited", "CommentEdited"], (await CommentEventsAsync(card)).Select(e => e.Str("type")));
        var read = await CommentAsync(Carol, comment);
        Assert.Equal(("Third thought", editedAt), (read.Str("text"), read.At("editedAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Editing_someone_elses_comment_is_FORBIDDEN_even_for_an_admin_and_changes_nothing()
    {
        var (_, card) = await CardOnBoardAsync();
        var comment = await AddedAsync(Bob, card, "Mine", ["carol"]);
        var before = await DiscussionAsync(card);

        var byAdmin = await EditAsync(Alice, comment, "Not yours");
        var byMember = await EditAsync(Carol, comment, "Not yours either");
        var byViewer = await EditAsync(Vera, comment, "Nor yours");

        AssertRefused(byAdmin, "FORBIDDEN", "commentId");
        AssertRefused(byMember, "FORBIDDEN", "commentId");
        AssertRefused(byViewer, "FORBIDDEN");
        Assert.Equal(before, await DiscussionAsync(card));
    }

    [Fact]
    public async Task An_edit_against_an_older_version_is_a_CONFLICT_naming_the_current_one()
    {
        var (_, card) = await CardOnBoardAsync();
        var comment = await AddedAsync(Bob, card, "First");
        Assert.Null((await EditAsync(Bob, comment, "Second")).Errors);
        var before = await DiscussionAsync(card);

        var stale = await EditAsync(Bob, comment, "Lost update", expectedVersion: 1);

        AssertRefused(stale, "CONFLICT");
        Assert.Equal(2, stale.FirstErrorExtensions.GetProperty("currentVersion").GetInt32());
        Assert.Equal(before, await DiscussionAsync(card));
    }

    [Fact]
    public async Task The_author_deletes_a_comment_which_stays_as_a_tombstone_whose_text_is_gone_from_the_log_too()
    {
        var (board, card) = await CardOnBoardAsync();
        await AddedAsync(Carol, card, "Before");
        var comment = await AddedAsync(Bob, card, "Our secret discount code is SPRING", ["carol"]);
        await AddedAsync(Carol, card, "After");
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        var deleted = await DeleteAsync(Bob, comment);
        var eventsAfterDelete = await Alice.EventCountAsync(board.BoardId);
        var again = await DeleteAsync(Bob, comment);
        var edited = await EditAsync(Bob, comment, "Back again");

        Assert.True(deleted.Errors is null, deleted.Text);
        var tombstone = deleted.Data.At("deleteComment.comment");
        Assert.Equal(("", 0, true, "bob", 2), (tombstone.Str("text"), tombstone.At("mentions").GetArrayLength(), tombstone.At("isDeleted").GetBoolean(), tombstone.Str("deletedBy"), tombstone.Number("version")));
        Assert.Equal(App.Clock.GetUtcNow(), tombstone.At("deletedAt").GetDateTimeOffset());
        Assert.True(again.Errors is null, again.Text);
        Assert.Equal(eventsAfterDelete, await Alice.EventCountAsync(board.BoardId));
        AssertRefused(edited, "VALIDATION", "commentId");
        var discussion = await Vera.CardAsync(card, "comments { totalCount nodes { text isDeleted } }");
        Assert.Equal(["Before", "", "After"], discussion.Nodes("comments").Select(c => c.Str("text")));
        Assert.Equal([false, true, false], discussion.Nodes("comments").Select(c => c.At("isDeleted").GetBoolean()));
        var events = await CommentEventsAsync(card);
        Assert.Equal("CommentDeleted", events[^1].Str("type"));
        Assert.Equal(("bob", true, ""), (events[^1].Str("deletedBy"), events[^1].At("comment.isDeleted").GetBoolean(), events[^1].Str("comment.text")));
        Assert.All(events, e => Assert.DoesNotContain("SPRING", e.Str("payload"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_deletes_a_members_comment_and_another_member_may_not()
    {
        var (_, card) = await CardOnBoardAsync();
        var first = await AddedAsync(Bob, card, "Off topic");
        var second = await AddedAsync(Bob, card, "Also off topic");
        var before = await DiscussionAsync(card);

        var byMember = await DeleteAsync(Carol, first);
        var byViewer = await DeleteAsync(Vera, first);
        var unchanged = await DiscussionAsync(card);
        var byAdmin = await DeleteAsync(Alice, second);

        AssertRefused(byMember, "FORBIDDEN", "commentId");
        AssertRefused(byViewer, "FORBIDDEN");
        Assert.Equal(before, unchanged);
        Assert.True(byAdmin.Errors is null, byAdmin.Text);
        Assert.Equal((true, "alice", "bob"), (byAdmin.Data.At("deleteComment.comment.isDeleted").GetBoolean(), byAdmin.Data.Str("deleteComment.comment.deletedBy"),
            byAdmin.Data.Str("deleteComment.comment.authorId")));
        Assert.False((await CommentAsync(Alice, first)).At("isDeleted").GetBoolean());
    }

    public static TheoryData<string> BadText() => ["", "   ", "\n\t \r\n", new string('x', 4001), "Hidden\u0000byte"];

    [Theory]
    [MemberData(nameof(BadText))]
    public async Task Empty_blank_oversized_or_unprintable_text_is_VALIDATION_on_add_and_edit_and_loses_nothing(string text)
    {
        var (_, card) = await CardOnBoardAsync();
        var comment = await AddedAsync(Bob, card, "Kept", ["carol"]);
        var before = await DiscussionAsync(card);

        var added = await AddAsync(Bob, card, text);
        var edited = await EditAsync(Bob, comment, text);

        AssertRefused(added, "VALIDATION", "text");
        AssertRefused(edited, "VALIDATION", "text");
        Assert.Equal(before, await DiscussionAsync(card));
    }

    [Fact]
    public async Task Text_of_exactly_4000_characters_is_accepted()
    {
        var (_, card) = await CardOnBoardAsync();
        var text = new string('y', 3999) + "\n";

        var response = await AddAsync(Bob, card, text);

        Assert.True(response.Errors is null, response.Text);
        Assert.Equal(text, response.Data.Str("addComment.comment.text"));
    }

    [Fact]
    public async Task More_than_20_mentions_are_VALIDATION_before_anyone_is_looked_up()
    {
        var (_, card) = await CardOnBoardAsync();
        var before = await DiscussionAsync(card);
        var many = Enumerable.Range(1, 21).Select(i => $"person-{i}").ToArray();

        var response = await AddAsync(Bob, card, mentions: many);

        AssertRefused(response, "VALIDATION", "mentions");
        Assert.Equal(before, await DiscussionAsync(card));
    }

    [Fact]
    public async Task Mentioning_someone_not_on_the_board_is_NOT_FOUND_alike_whether_or_not_they_exist_elsewhere()
    {
        var (_, card) = await CardOnBoardAsync();
        var nina = App.ClientFor("nina", "Nina");
        await nina.CreateBoardAsync("Nina's secret board");
        var comment = await AddedAsync(Bob, card, "Kept");
        var before = await DiscussionAsync(card);

        var existing = await AddAsync(Bob, card, mentions: ["carol", "nina"]);
        var unknown = await AddAsync(Bob, card, mentions: ["carol", "nobody-at-all"]);
        var onEdit = await EditAsync(Bob, comment, "Kept", mentions: ["nina"]);

        AssertRefused(existing, "NOT_FOUND", "mentions");
        AssertRefused(unknown, "NOT_FOUND", "mentions");
        AssertRefused(onEdit, "NOT_FOUND", "mentions");
        Assert.Equal(Message(existing).Replace("nina", "X", StringComparison.Ordinal), Message(unknown).Replace("nobody-at-all", "X", StringComparison.Ordinal));
        Assert.DoesNotContain("secret", existing.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await DiscussionAsync(card));

        static string Message(GraphQLResponse response) => response.Errors!.Value[0].GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task After_someone_mentioned_left_the_board_the_author_still_fixes_the_text_but_cannot_mention_them_again()
    {
        var (board, card) = await CardOnBoardAsync();
        var comment = await AddedAsync(Bob, card, "Carol knows teh customer", ["carol"]);
        Assert.Null((await Alice.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "carol" }, "removedUserId")).Errors);

        var fixedText = await EditAsync(Bob, comment, "Carol knows the customer");
        var mentionedAgain = await EditAsync(Bob, comment, "Carol knows the customer!", ["carol"]);

        Assert.True(fixedText.Errors is null, fixedText.Text);
        Assert.Equal(("Carol knows the customer", "carol"), (fixedText.Data.Str("editComment.comment.text"), fixedText.Data.At("editComment.comment.mentions")[0].GetString()));
        AssertRefused(mentionedAgain, "NOT_FOUND", "mentions");
        Assert.Equal("Carol knows the customer", (await CommentAsync(Bob, comment)).Str("text"));
    }

    [Fact]
    public async Task A_numeric_user_id_may_be_mentioned_as_a_number_or_a_string()
    {
        var (board, card) = await CardOnBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "4711", "VIEWER");

        var asNumber = await Bob.SendAsync("mutation($id: ID!) { addComment(input: { cardId: $id, text: \"Ping\", mentions: [4711] }) { comment { mentions } } }", new { id = card });
        var asVariable = await Bob.MutateAsync("addComment", "AddCommentInput", new { cardId = card, text = "Ping", mentions = new object[] { 4711, "carol" } }, "comment { mentions }");

        Assert.True(asNumber.Errors is null, asNumber.Text);
        Assert.Equal(["4711"], asNumber.Data.At("addComment.comment.mentions").EnumerateArray().Select(m => m.GetString()));
        Assert.True(asVariable.Errors is null, asVariable.Text);
        Assert.Equal(["4711", "carol"], asVariable.Data.At("addComment.comment.mentions").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_viewer_cannot_comment_and_someone_off_the_board_finds_no_card()
    {
        var (_, card) = await CardOnBoardAsync();
        var before = await DiscussionAsync(card);

        var byViewer = await AddAsync(Vera, card);
        var byStranger = await AddAsync(App.ClientFor("nina"), card);

        AssertRefused(byViewer, "FORBIDDEN");
        AssertRefused(byStranger, "NOT_FOUND");
        Assert.Equal(before, await DiscussionAsync(card));
    }

    [Fact]
    public async Task An_archived_card_takes_no_new_or_edited_comments_but_its_comments_can_still_be_deleted()
    {
        var (_, card) = await CardOnBoardAsync();
        var comment = await AddedAsync(Bob, card, "Something to take back");
        Assert.Null((await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = card })).Errors);
        var before = await DiscussionAsync(card);

        var added = await AddAsync(Bob, card);
        var edited = await EditAsync(Bob, comment, "Changed");
        var unchanged = await DiscussionAsync(card);
        var deleted = await DeleteAsync(Alice, comment);

        AssertRefused(added, "VALIDATION", "cardId");
        AssertRefused(edited, "VALIDATION", "cardId");
        Assert.Equal(before, unchanged);
        Assert.True(deleted.Errors is null, deleted.Text);
        Assert.Equal((true, ""), (deleted.Data.At("deleteComment.comment.isDeleted").GetBoolean(), deleted.Data.Str("deleteComment.comment.text")));
        Assert.Equal("CommentDeleted", (await CommentEventsAsync(card))[^1].Str("type"));
    }

    [Fact]
    public async Task An_unknown_comment_is_NOT_FOUND()
    {
        var (_, card) = await CardOnBoardAsync();

        var edited = await EditAsync(Bob, KanbanCustomer.Api.Common.Ids.Global("Comment", Guid.NewGuid()), "Anything");
        var deleted = await DeleteAsync(Alice, card);

        AssertRefused(edited, "NOT_FOUND");
        AssertRefused(deleted, "NOT_FOUND");
    }
}

public sealed class SqliteCommentMutationTests(SqliteApp app) : CommentMutationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCommentMutationTests(PostgresApp app) : CommentMutationTests(app), IClassFixture<PostgresApp>;
