using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Domain.Comments;

namespace KanbanCustomer.Api.Comments;

/// <summary>A comment in a card's discussion; a deleted one is a tombstone.</summary>
public sealed class CommentType : ObjectGraphType<Comment>
{
    /// <summary>A discussion reads oldest first.</summary>
    public static readonly Ordering<Comment> OldestFirst = new([
        new(SortKey<Comment>.Of("createdAt", c => c.CreatedAt), false), new(SortKey<Comment>.Of("id", c => c.Id), false)]);

    public CommentType()
    {
        Name = "Comment";
        Description = "A remark on a card, kept as written; a deleted comment stays as a tombstone (isDeleted, no text, no mentions).";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The comment's id.").Resolve(ctx => Ids.Global("Comment", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card it is on.").Resolve(ctx => Ids.Global("Card", ctx.Source.CardId));
        Field<NonNullGraphType<CardType>>("card").Description("The card it is on.")
            .Resolve(ctx => ctx.CardLoaders().CardById.Load(ctx.Source.CardId));
        Field(x => x.AuthorId).Description("User id of whoever wrote it.");
        Field<NonNullGraphType<PersonType>>("author").Description("Whoever wrote it.")
            .Resolve(ctx => ctx.MemberLoaders().UserById.Load(ctx.Source.AuthorId).Then(u => new Person(ctx.Source.AuthorId, u?.Name ?? ctx.Source.AuthorId)));
        Field(x => x.Text).Description("The comment exactly as written (clients render it); empty once deleted.");
        Field(x => x.Mentions).Description("User ids of the people on the board it mentions; empty once deleted.");
        Field(x => x.CreatedAt).Description("When it was written.");
        Field(x => x.EditedAt, nullable: true).Description("When its author last edited it; null if never.");
        Field(x => x.IsDeleted).Description("Deleted: a tombstone that keeps its place in the discussion.");
        Field(x => x.DeletedAt, nullable: true).Description("When it was deleted; null unless deleted.");
        Field(x => x.DeletedBy, nullable: true).Description("User id of whoever deleted it (its author or an admin); null unless deleted.");
        Field(x => x.Version).Description("Bumped on every edit and on deletion; pass it as editComment's expectedVersion.");
    }
}

public sealed class CommentConnectionType() : ConnectionType<CommentType, CommentEdgeType, Comment>("Comment", "comments");

public sealed class CommentEdgeType() : EdgeType<CommentType, Comment>("Comment");
