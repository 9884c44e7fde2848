using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Comments;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>A comment's rules: as written, mentions of the board's people, its author's edits, tombstones.</summary>
public sealed class CommentTests : CardTestBase
{
    public CommentTests()
    {
        _board.AddMember("user-2", BoardRole.Member, "user-1", Now);
        _board.AddMember("user-3", BoardRole.Viewer, "user-1", Now);
    }

    [Fact]
    public void A_comment_keeps_its_text_as_written_mentions_once_each_and_is_activity_on_the_card()
    {
        var card = ReportedAndCleared();

        var comment = Comment.Post(_board, card, "user-2", " Hello\n", ["user-3", "user-1", "user-3"], Later);

        Assert.Equal((" Hello\n", 1, Later), (comment.Text, comment.Version, comment.CreatedAt));
        Assert.Equal(["user-3", "user-1"], comment.Mentions);
        Assert.Equal(Later, card.LastActivityAt);
        Assert.Equal(1, card.Version);
        var added = Assert.IsType<CommentAdded>(Assert.Single(comment.Recorded()));
        Assert.Equal((card.Id, comment.Id), (added.CardId, added.CommentId));
    }

    [Fact]
    public void Only_the_author_edits_and_only_the_author_or_an_admin_deletes()
    {
        var card = ReportedAndCleared();
        var comment = Comment.Post(_board, card, "user-2", "Mine", null, Now);
        comment.ClearChanges();

        Assert.Equal(ErrorCodes.Forbidden, Assert.Throws<DomainException>(() => comment.Edit(_board, card, "user-1", "Admin's", null, null, Later)).Code);
        Assert.Equal(ErrorCodes.Forbidden, Assert.Throws<DomainException>(() => comment.Delete(_board, card, "user-3", Later)).Code);
        comment.Edit(_board, card, "user-2", "Mine, edited", ["user-1"], 1, Later);
        comment.Delete(_board, card, "user-1", Later);
        comment.Delete(_board, card, "user-1", Later);

        Assert.Equal(("", 0, true, "user-1", 3), (comment.Text, comment.Mentions.Count, comment.IsDeleted, comment.DeletedBy, comment.Version));
        Assert.Equal([typeof(CommentEdited), typeof(CommentDeleted)], comment.Recorded().Select(c => c.GetType()));
    }

    [Fact]
    public void Mentions_are_limited_and_must_be_people_on_the_board()
    {
        var card = ReportedAndCleared();
        var many = Enumerable.Range(0, Comment.MaxMentions + 1).Select(i => $"user-{i}").ToList();

        var tooMany = Assert.Throws<DomainException>(() => Comment.Post(_board, card, "user-2", "Hi", many, Now));
        var stranger = Assert.Throws<DomainException>(() => Comment.Post(_board, card, "user-2", "Hi", ["user-9"], Now));

        Assert.Equal((ErrorCodes.Validation, "mentions"), (tooMany.Code, tooMany.Field));
        Assert.Equal((ErrorCodes.NotFound, "mentions"), (stranger.Code, stranger.Field));
        Assert.Empty(card.Recorded());
    }
}
