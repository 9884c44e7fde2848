using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;

namespace KanbanCustomer.Api.Comments;

public sealed record CommentPayload(Comment Comment, Card Card);

public sealed class CommentPayloadType : ObjectGraphType<CommentPayload>
{
    public CommentPayloadType()
    {
        Name = "CommentPayload";
        Description = "A comment after the change, and its card.";
        Field(x => x.Comment, typeof(NonNullGraphType<CommentType>)).Description("The added, edited or deleted (tombstone) comment.");
        Field(x => x.Card, typeof(NonNullGraphType<CardType>)).Description("The card after the change (its lastActivityAt moved).");
    }
}
