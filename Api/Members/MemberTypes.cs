using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Api.Members;

/// <summary>A person as other members see them.</summary>
public sealed record Person(string UserId, string Name);

public sealed class PersonType : ObjectGraphType<Person>
{
    public PersonType(IEnumerable<IObjectFields<Person>> features)
    {
        Name = "Person";
        Description = "Someone who uses the board.";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>>("id").Description("The person's global id.").Resolve(ctx => Ids.Global("Person", ctx.Source.UserId));
        Field(x => x.UserId).Description("User id (the token's sub claim).");
        Field(x => x.Name).Description("Display name; the user id until the person has signed in once.");
        this.AddFieldsOf(features);
    }
}

public sealed class BoardRoleType : EnumerationGraphType<BoardRole>
{
    public BoardRoleType()
    {
        Name = "BoardRole";
        Description = "What a member may do. Members are equal on cards whatever their rank; roles gate board administration only.";
    }
}

public sealed class BoardMemberType : ObjectGraphType<BoardMember>
{
    public BoardMemberType()
    {
        Name = "BoardMember";
        Description = "A person's membership of a board.";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>>("id").Description("The membership's id.").Resolve(ctx => Ids.Global("BoardMember", ctx.Source.BoardId, ctx.Source.UserId));
        Field<NonNullGraphType<PersonType>>("user").Description("The member.")
            .Resolve(ctx => ctx.MemberLoaders().UserById.Load(ctx.Source.UserId).Then(u => new Person(ctx.Source.UserId, u?.Name ?? ctx.Source.UserId)));
        Field(x => x.Role, typeof(NonNullGraphType<BoardRoleType>)).Description("VIEWER reads; MEMBER works on cards; ADMIN also manages columns, swimlanes and members.");
        Field(x => x.AddedBy).Description("User id of whoever added the member.");
        Field(x => x.AddedAt).Description("When the member was added.");
    }
}

public sealed record AddMemberInput(string BoardId, string UserId, BoardRole? Role);

public sealed class AddMemberInputType : InputObjectGraphType
{
    public AddMemberInputType()
    {
        Name = "AddMemberInput";
        Description = "Someone to add to a board, by user id (they need not have signed in yet).";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("userId").Description("The person's user id (their token's sub).");
        Field<BoardRoleType>("role").Description("Their role; MEMBER unless given.").DefaultValue(BoardRole.Member);
    }
}

public sealed record ChangeMemberRoleInput(string BoardId, string UserId, BoardRole Role);

public sealed class ChangeMemberRoleInputType : InputObjectGraphType
{
    public ChangeMemberRoleInputType()
    {
        Name = "ChangeMemberRoleInput";
        Description = "A member's new role; the last admin cannot be demoted.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("userId").Description("The member's user id.");
        Field<NonNullGraphType<BoardRoleType>>("role").Description("The new role.");
    }
}

public sealed record RemoveMemberInput(string BoardId, string UserId);

public sealed class RemoveMemberInputType : InputObjectGraphType
{
    public RemoveMemberInputType()
    {
        Name = "RemoveMemberInput";
        Description = "A member to remove: anyone may leave, an admin may remove others; the last admin cannot go.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("userId").Description("The member's user id.");
    }
}

public sealed record MemberPayload(Board Board, BoardMember? Member, string? RemovedUserId = null);

public sealed class MemberPayloadType : ObjectGraphType<MemberPayload>
{
    public MemberPayloadType()
    {
        Name = "MemberPayload";
        Description = "A membership change: the member (null when removed) and the board.";
        Field(x => x.Member, typeof(BoardMemberType)).Description("The added or changed member; null after removeMember.");
        Field(x => x.RemovedUserId).Description("The user id of the removed member, after removeMember.");
        // By name: Boards builds on Members, so Members does not reference the Board type itself.
        Field("board", new NonNullGraphType(new GraphQLTypeReference("Board"))).Description("The board after the change.")
            .Resolve(ctx => ctx.Source.Board);
    }
}

/// <summary>Members page in the order they were added (user id breaks ties).</summary>
public static class MemberLists
{
    public static readonly Ordering<BoardMember> AddedOrder = new([
        new(SortKey<BoardMember>.Of("addedAt", m => m.AddedAt), false), new(SortKey<BoardMember>.Of("userId", m => m.UserId), false)]);
}

public sealed class BoardMemberConnectionType() : ConnectionType<BoardMemberType, BoardMemberEdgeType, BoardMember>("BoardMember", "members");

public sealed class BoardMemberEdgeType() : EdgeType<BoardMemberType, BoardMember>("BoardMember");
