using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Comments;

/// <summary><c>Card.comments</c>: the card's discussion, read by everyone on the board.</summary>
public sealed class CardCommentsField : IObjectFields<Card>
{
    public void AddTo(ObjectGraphType<Card> type) =>
        type.Field<NonNullGraphType<CommentConnectionType>>("comments").Description("The card's discussion, oldest first, deleted comments included as tombstones.")
            .PageArguments("comments")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<Comment, Guid>(ctx.Db().Comments.AsNoTracking(), c => c.CardId, CommentType.OldestFirst), c => c));
}
