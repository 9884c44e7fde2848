using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Comments;

/// <summary>A card's discussion: members comment; authors edit their own; authors or admins delete.</summary>
public static class CommentMutations
{
    public static void AddCommentMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CommentPayloadType>>("addComment")
            .OnBoard(BoardRole.Member, Locate.CardInput())
            .Description("Comments on a card, mentioning people on the board by user id; counts as activity on the card.")
            .Argument<NonNullGraphType<AddCommentInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<AddCommentInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfCardAsync(input.CardId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var card = await writes.LoadCardAsync(Ids.Parse(input.CardId, "Card"), ctx.CancellationToken);
                    var comment = Comment.Post(board, card, ctx.ViewerId(), input.Text, input.Mentions, writes.Now);
                    writes.Db.Comments.Add(comment);
                    return new CommentPayload(comment, card);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<CommentPayloadType>>("editComment")
            .OnBoard(BoardRole.Member, Locate.CommentInput())
            .Description("Changes a comment's text and mentions; only its author may, and editedAt records when. Someone else's comment gives FORBIDDEN.")
            .Argument<NonNullGraphType<EditCommentInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<EditCommentInput>();
                return await ChangeCommentAsync(ctx, input.CommentId, (board, card, comment, now) =>
                    comment.Edit(board, card, ctx.ViewerId(), input.Text, input.Mentions, input.ExpectedVersion, now));
            });

        mutation.Field<NonNullGraphType<CommentPayloadType>>("deleteComment")
            .OnBoard(BoardRole.Member, Locate.CommentInput())
            .Description("Deletes a comment, leaving a tombstone in the discussion; its author or a board admin may. Deleting it again changes nothing.")
            .Argument<NonNullGraphType<DeleteCommentInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<DeleteCommentInput>();
                return await ChangeCommentAsync(ctx, input.CommentId, (board, card, comment, now) => comment.Delete(board, card, ctx.ViewerId(), now));
            });
    }

    /// <summary>One comment change: its board locked and loaded, the comment and its card loaded, one domain call, saved.</summary>
    private static async Task<CommentPayload> ChangeCommentAsync(IResolveFieldContext ctx, string rawCommentId, Action<Board, Card, Comment, DateTimeOffset> change)
    {
        var writes = ctx.Writes();
        var boardId = await writes.BoardOfCommentAsync(rawCommentId, ctx.CancellationToken);
        var commentId = Ids.Parse(rawCommentId, "Comment");
        return await writes.ChangeBoardAsync(boardId, async board =>
        {
            var comment = await writes.Db.Comments.SingleOrDefaultAsync(c => c.Id == commentId, ctx.CancellationToken)
                ?? throw Ids.NotFound("Comment", rawCommentId);
            var card = await writes.LoadCardAsync(comment.CardId, ctx.CancellationToken);
            change(board, card, comment, writes.Now);
            return new CommentPayload(comment, card);
        }, ctx.CancellationToken);
    }
}
