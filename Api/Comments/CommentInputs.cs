using GraphQL.Types;

namespace KanbanCustomer.Api.Comments;

public sealed record AddCommentInput(string CardId, string Text, IReadOnlyList<string>? Mentions);

public sealed class AddCommentInputType : InputObjectGraphType
{
    public AddCommentInputType()
    {
        Name = "AddCommentInput";
        Description = "A comment on a card, and the people on the board it mentions.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card (not archived).");
        Field<NonNullGraphType<StringGraphType>>("text").Description("The comment, kept exactly as written (1-4000 characters, not blank); clients render it.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("mentions")
            .Description("User ids (the token's sub) of people on the board the comment mentions, at most 20; anyone else gives NOT_FOUND on field mentions.");
    }
}

public sealed record EditCommentInput(string CommentId, string Text, IReadOnlyList<string>? Mentions, int? ExpectedVersion);

public sealed class EditCommentInputType : InputObjectGraphType
{
    public EditCommentInputType()
    {
        Name = "EditCommentInput";
        Description = "New text (and mentions) for a comment of the viewer's own.";
        Field<NonNullGraphType<IdGraphType>>("commentId").Description("The comment; only its author may edit it.");
        Field<NonNullGraphType<StringGraphType>>("text").Description("The new text, kept exactly as written (1-4000 characters, not blank).");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("mentions")
            .Description("The full new list of mentioned user ids (at most 20, people on the board); omit to keep the current ones, [] for none.");
        Field<IntGraphType>("expectedVersion").Description("The comment's version the edit was made against; a different current version gives CONFLICT.");
    }
}

public sealed record DeleteCommentInput(string CommentId);

public sealed class DeleteCommentInputType : InputObjectGraphType
{
    public DeleteCommentInputType()
    {
        Name = "DeleteCommentInput";
        Description = "A comment to delete; its tombstone stays in the card's discussion.";
        Field<NonNullGraphType<IdGraphType>>("commentId").Description("The comment; its author or a board admin may delete it.");
    }
}
